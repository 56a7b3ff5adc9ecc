import type { Message } from '../protocol/messaging';
import type { E2eState, Meta } from './state';

// The payload inside MLS application messages (docs/protocol/e2e.md, "Payload"): what a device keeps of each message
// it decrypted or sent, and how replies and edits are applied. The same rules as the Java SDK's LogApplier.keep.

/**
 * What an application message carries inside MLS (UTF-8 JSON, docs/protocol/e2e.md "Payload"): the text, the id of
 * the message it replies to, or the id of the message whose text it replaces (an edit, not shown itself).
 */
export interface Payload {
  text: string;
  replyTo?: number | undefined;
  edit?: number | undefined;
}

/** The message with the reply and edit its payload (or a later edit) gave it. */
export function withMeta(message: Message, meta: Meta | undefined): Message {
  if (!meta) return message;
  return {
    ...message,
    ...(meta.replyTo !== undefined ? { replyToId: meta.replyTo } : {}),
    ...(meta.editDate !== undefined ? { editDate: meta.editDate } : {}),
  };
}

/**
 * Keeps a decrypted or sent message: its text and what else its payload said. An edit also replaces the text of the
 * message it names, but only when both have the same sender (any member can encrypt a payload claiming to edit
 * anything) and only when it is newer in the log than the edit applied so far, so every device ends the same.
 */
export async function keepPayload(state: E2eState, chatId: number, messageId: number, senderId: number | undefined, date: number | undefined, payload: Payload): Promise<void> {
  await state.savePlaintext(chatId, messageId, payload.text, date ?? 0);
  await state.saveMeta(chatId, messageId, { senderId, replyTo: payload.replyTo, edit: payload.edit });
  if (payload.edit === undefined) return;
  const original = (await state.metas(chatId))[String(payload.edit)];
  const readable = (await state.plaintexts(chatId))[String(payload.edit)] !== undefined;
  if (!readable || !original || original.edit !== undefined || senderId === undefined || senderId !== original.senderId) {
    console.warn(`ignoring edit ${messageId} of message ${payload.edit} in chat ${chatId}: not the author's, or the original is unknown`);
    return;
  }
  if (original.editId !== undefined && original.editId >= messageId) return;
  const originalDate = (await state.dates(chatId))[String(payload.edit)] ?? 0;
  await state.savePlaintext(chatId, payload.edit, payload.text, originalDate);
  await state.saveMeta(chatId, payload.edit, { ...original, editId: messageId, editDate: date });
}

/** A message rebuilt from what this device keeps of it (an edited message not at hand). */
export async function storedMessage(state: E2eState, chatId: number, messageId: number, myUserId: number): Promise<Message | undefined> {
  const text = (await state.plaintexts(chatId))[String(messageId)];
  const meta = (await state.metas(chatId))[String(messageId)];
  if (text === undefined || !meta) return undefined;
  const date = (await state.dates(chatId))[String(messageId)];
  const message = { chatId, id: messageId, senderId: meta.senderId, out: meta.senderId === myUserId, date, text, ciphertext: '' } as unknown as Message;
  return withMeta(message, meta);
}
