import { describe, expect, it } from 'vitest';
import { highlightParts, queryWords } from '../src/state/search';

describe('search queries', () => {
  it('reduces a query to its words, at most 16, so punctuation alone is caught before the server refuses it', () => {
    expect(queryWords('  brown, fox!! ')).toEqual(['brown', 'fox']);
    expect(queryWords('?!… ---')).toEqual([]);
    expect(queryWords(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '))).toHaveLength(16);
    expect(queryWords('Café 42')).toEqual(['Café', '42']);
  });

  it('marks whole words that start with a query word, ignoring case and diacritics', () => {
    expect(highlightParts('The Brown fox', 'bro')).toEqual([
      { text: 'The ', match: false },
      { text: 'Brown', match: true },
      { text: ' fox', match: false },
    ]);
    expect(highlightParts('un café noir', 'cafe')).toEqual([
      { text: 'un ', match: false },
      { text: 'café', match: true },
      { text: ' noir', match: false },
    ]);
  });

  it('leaves the text whole when nothing matches or the query has no words', () => {
    expect(highlightParts('nothing here', 'zebra')).toEqual([{ text: 'nothing here', match: false }]);
    expect(highlightParts('nothing here', '!!')).toEqual([{ text: 'nothing here', match: false }]);
  });
});
