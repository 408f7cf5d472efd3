/**
 * Errors carried from a worker thread to the thread that waits for it: only plain data crosses, so a CacheInputError
 * is sent as its code and message and rebuilt as one, and a file-system error keeps the code and path that
 * describeError() words.
 */
import { CacheInputError } from './errors';

export interface ThreadError {
  message: string;
  inputCode?: CacheInputError['code'];
  code?: string;
  path?: string;
}

export function toThreadError(error: unknown): ThreadError {
  if (error instanceof CacheInputError) return { message: error.message, inputCode: error.code };
  const { message, code, path } = (error ?? {}) as NodeJS.ErrnoException;
  return { message: message ?? String(error), code, path };
}

export function fromThreadError({ message, inputCode, ...fileSystem }: ThreadError): Error {
  if (inputCode) return new CacheInputError(inputCode, message);
  // Only the fields the worker knew: describeError() tests for their presence.
  const known = Object.entries(fileSystem).filter(([, value]) => value !== undefined);
  return Object.assign(new Error(message), Object.fromEntries(known));
}
