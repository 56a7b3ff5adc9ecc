/**
 * The user side of bots (docs/protocol/bots.md): the keyboards bots attach to their messages, pressing an inline
 * button, and a bot's `/commands`. Markups are the Telegram `reply_markup` objects exactly as the bot sent them.
 */
export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
}

export interface ReplyButton {
  text: string;
}

export interface ReplyMarkup {
  inline_keyboard?: InlineButton[][];
  /** Telegram allows a plain string as a reply button. */
  keyboard?: (ReplyButton | string)[][];
  remove_keyboard?: boolean;
  one_time_keyboard?: boolean;
  input_field_placeholder?: string;
}

export interface Markup {
  messageId: number;
  botUserId: number;
  markup: ReplyMarkup;
}

export interface ButtonAnswer {
  answered: boolean;
  text?: string;
  showAlert?: boolean;
  url?: string;
}

export interface BotCommand {
  command: string;
  description: string;
}

/** getReplyMarkup takes at most this many ids per call. */
export const MARKUP_BATCH = 100;

export interface BotMethods {
  'bots.getReplyMarkup': [{ chatId: number; messageIds: number[] }, { markups: Markup[] }];
  'messages.pressButton': [{ chatId: number; messageId: number; data: string }, ButtonAnswer];
  'bots.getCommands': [{ botUserId: number }, { commands: BotCommand[] }];
}

export function buttonLabel(button: ReplyButton | string): string {
  return typeof button === 'string' ? button : button.text;
}
