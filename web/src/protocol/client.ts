import {
  AuthMethod,
  type AccountMethods,
  type AuthResult,
  type Login,
  type Me,
  type Ok,
  type Register,
  type Sessions,
} from './account';
import type { Connection } from './connection';
import type { BotMethods } from './bots';
import type { MessagingMethods } from './messaging';
import { httpCall } from './http';

/** Every method this client knows the shape of; feature modules extend it by declaration merging. */
export interface MethodMap extends AccountMethods, MessagingMethods, BotMethods {}

export type Params<M extends keyof MethodMap> = MethodMap[M][0];
export type Result<M extends keyof MethodMap> = MethodMap[M][1];

/** Anonymous calls, made over HTTP because a socket's first frame must already carry a token. */
export const anonymous = {
  register(params: Register, base?: string): Promise<AuthResult> {
    return httpCall(AuthMethod.REGISTER, params, undefined, base) as Promise<AuthResult>;
  },
  login(params: Login, base?: string): Promise<AuthResult> {
    return httpCall(AuthMethod.LOGIN, params, undefined, base) as Promise<AuthResult>;
  },
};

/**
 * Typed methods over one authenticated connection, mirroring the Java SDK. `call` is the generic entry for
 * methods not wrapped here; `invoke` is its typed form for methods listed in MethodMap.
 */
export class ParleyClient {
  constructor(private readonly connection: Connection) {}

  call(method: string, params: unknown = {}): Promise<unknown> {
    return this.connection.call(method, params);
  }

  invoke<M extends keyof MethodMap>(method: M, params: Params<M>): Promise<Result<M>> {
    return this.connection.call(method, params) as Promise<Result<M>>;
  }

  getMe(): Promise<Me> {
    return this.invoke(AuthMethod.GET_ME, {});
  }

  getSessions(): Promise<Sessions> {
    return this.invoke(AuthMethod.GET_SESSIONS, {});
  }

  revokeSession(sessionId: number): Promise<Ok> {
    return this.invoke(AuthMethod.REVOKE_SESSION, { sessionId });
  }

  changePassword(oldPassword: string, newPassword: string): Promise<Ok> {
    return this.invoke(AuthMethod.CHANGE_PASSWORD, { oldPassword, newPassword });
  }

  deleteAccount(password: string): Promise<Ok> {
    return this.invoke(AuthMethod.DELETE, { password });
  }

  logout(): Promise<Ok> {
    return this.invoke(AuthMethod.LOGOUT, {});
  }
}
