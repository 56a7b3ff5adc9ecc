/**
 * Client-side view of messages.search's query rules (docs/protocol/messaging.md): a query is reduced to its words,
 * runs of letters and digits (at most 16); a query without one is refused by the server, so the form says so first.
 * The same words mark the matches in each result.
 */
const WORD = /[\p{L}\p{N}]+/gu;
const MAX_WORDS = 16;

export function queryWords(query: string): string[] {
  return (query.match(WORD) ?? []).slice(0, MAX_WORDS);
}

export interface TextPart {
  text: string;
  match: boolean;
}

/**
 * Splits `text` into plain and matching parts: a matching part is a whole word of the text that starts with one of
 * the query's words, ignoring case and diacritics (as the server does), so "bro" marks "Brown".
 */
export function highlightParts(text: string, query: string): TextPart[] {
  const words = queryWords(query).map(fold);
  if (words.length === 0) return [{ text, match: false }];
  const parts: TextPart[] = [];
  let last = 0;
  for (const found of text.matchAll(WORD)) {
    const word = fold(found[0]);
    if (!words.some((w) => word.startsWith(w))) continue;
    const start = found.index;
    if (start > last) parts.push({ text: text.slice(last, start), match: false });
    parts.push({ text: found[0], match: true });
    last = start + found[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), match: false });
  return parts;
}

function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
