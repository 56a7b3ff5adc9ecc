import type { Message } from '../protocol/messaging';

/**
 * The e2e.* shapes on the wire (docs/protocol/e2e.md), as the server's protocol/e2e/E2eMethods. Bytes are standard
 * base64. Kept here, beside their only user, so the lazily loaded end-to-end code carries its own types.
 */
export const E2eErrors = {
  STALE_EPOCH: 'STALE_EPOCH',
  DEVICE_NOT_FOUND: 'DEVICE_NOT_FOUND',
  E2E_HANDSHAKE_REQUIRED: 'E2E_HANDSHAKE_REQUIRED',
  MLS_MESSAGE_INVALID: 'MLS_MESSAGE_INVALID',
  PEER_INVALID: 'PEER_INVALID',
  FORBIDDEN: 'FORBIDDEN',
  INTERNAL: 'INTERNAL',
} as const;

export interface Chat {
  chatId: number;
  kind: string;
  e2e?: boolean;
  title?: string;
  memberCount: number;
}

export interface Device {
  deviceId: number;
  identityKey: string;
  credential: string;
  keyVersion: number;
  registeredAt: number;
}

export interface UserDevices {
  userId: number;
  devices: Device[];
  keyChangedAt: number;
}

export interface ClaimedKeyPackage {
  userId: number;
  deviceId: number;
  keyPackage: string;
  lastResort: boolean;
}

export interface Group {
  chatId: number;
  groupId: string;
  epoch: number;
  timerSeconds: number;
}

export interface HandshakeAccepted {
  chatId: number;
  seq: number;
  epoch: number;
  pts: number;
}

export interface PendingWelcome {
  welcomeId: number;
  chatId: number;
  epoch: number;
  message: string;
  date: number;
}

export type EncryptedMessage = Message & { ciphertext?: string };

export interface Sent {
  message: EncryptedMessage;
  pts: number;
}

export interface HandshakeUpdate {
  type: 'e2eHandshake';
  chatId: number;
  seq: number;
  epoch: number;
  contentType: 'proposal' | 'commit';
  senderId: number;
  message: string;
}

export type LogUpdate =
  | HandshakeUpdate
  | { type: 'e2eWelcome'; chatId: number; welcomeId: number; deviceIds: number[]; epoch: number; message?: string }
  | { type: 'newMessage'; message: EncryptedMessage }
  | { type: 'deleteMessages'; chatId: number; ids: number[]; forEveryone: boolean }
  | { type: 'chatDeleted'; chatId: number }
  | { type: 'e2eTimer'; chatId: number; seconds: number }
  | { type: 'other' };

export interface Difference {
  updates?: LogUpdate[];
  state: { pts: number };
  final?: boolean;
  tooLong?: boolean;
}
