import { PASSWORD_MAX, PASSWORD_MIN, USERNAME_PATTERN } from '../protocol/account';

/** Client-side checks mirror the server's (AuthMethods.java) so most mistakes are caught before a round trip. */
export type FieldProblem = 'USERNAME_INVALID' | 'PASSWORD_INVALID' | 'DISPLAY_NAME_INVALID';

export function checkUsername(username: string): FieldProblem | null {
  return USERNAME_PATTERN.test(username.toLowerCase()) ? null : 'USERNAME_INVALID';
}

export function checkNewPassword(password: string): FieldProblem | null {
  const length = [...password].length;
  return length >= PASSWORD_MIN && length <= PASSWORD_MAX ? null : 'PASSWORD_INVALID';
}

export function checkDisplayName(name: string): FieldProblem | null {
  const length = [...name.trim()].length;
  return length <= 64 ? null : 'DISPLAY_NAME_INVALID';
}
