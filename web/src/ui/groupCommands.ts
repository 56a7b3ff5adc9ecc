import { useEffect, useRef, useState } from 'preact/hooks';
import type { BotCommand } from '../protocol/bots';
import { ParleyError } from '../protocol/errors';
import type { Chat, Message, User } from '../protocol/messaging';
import type { App } from '../state/app';

/** At most this many distinct senders of a group are asked whether they are bots (one bots.getCommands each). */
export const MAX_SENDERS_ASKED = 20;

/**
 * The `/commands` to suggest in a group: those of every bot among the senders of the loaded messages. With one bot
 * they are offered as `/command`; with several, as `/command@botname` (Telegram's way of addressing one bot), so
 * the same command of two bots stays two choices.
 */
export function mergeCommands(byBot: ReadonlyMap<number, readonly BotCommand[]>, users: ReadonlyMap<number, User>): BotCommand[] {
  const bots = [...byBot.entries()].filter(([, commands]) => commands.length > 0);
  if (bots.length === 1) return [...(bots[0]?.[1] ?? [])];
  return bots.flatMap(([botId, commands]) => {
    const username = users.get(botId)?.username;
    return commands.map((c) => (username ? { ...c, command: `${c.command}@${username}` } : c));
  });
}

/**
 * Command suggestions in groups, supergroups and channels: the bots are found among the senders of the shown
 * messages (a bot that never spoke in the chat is not suggested; the protocol does not mark members as bots).
 */
export function useGroupCommands(app: App, chat: Chat | undefined, messages: readonly Message[] | undefined): BotCommand[] {
  const [byBot, setByBot] = useState<ReadonlyMap<number, readonly BotCommand[]>>(new Map());
  const asked = useRef(new Set<number>());
  const chatId = chat?.chatId;
  const grouped = chat !== undefined && chat.kind !== 'private';

  useEffect(() => {
    setByBot(new Map());
    asked.current = new Set();
  }, [chatId]);

  useEffect(() => {
    if (!grouped || !messages) return;
    const senders = new Set<number>();
    for (const m of messages) if (!m.out && m.senderId !== undefined && !asked.current.has(m.senderId)) senders.add(m.senderId);
    for (const senderId of senders) {
      if (asked.current.size >= MAX_SENDERS_ASKED) break;
      asked.current.add(senderId);
      app.client.invoke('bots.getCommands', { botUserId: senderId }).then(
        ({ commands }) => setByBot((old) => new Map(old).set(senderId, commands)),
        (failure: unknown) => {
          // BOT_NOT_FOUND: a person. Anything else is asked again when the history changes.
          if (!(failure instanceof ParleyError && failure.code === 'BOT_NOT_FOUND')) asked.current.delete(senderId);
        },
      );
    }
  }, [chatId, grouped, messages]);

  return mergeCommands(byBot, app.chats.users.value);
}
