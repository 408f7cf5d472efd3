/**
 * Errors carried from a worker thread to the thread that waits for it: only plain data crosses, so a CacheInputError
 * is sent as its code, problem and message and rebuilt as one, and a file-system error keeps the code and path that
 * describeError() words.
 */
import { CacheInputError, InputProblem } from './errors';

export interface ThreadError {
  message: string;
  inputCode?: CacheInputError['code'];
  /** The input problem a surface words. */
  problem?: InputProblem;
  code?: string;
  path?: string;
}

export function toThreadError(error: unknown): ThreadError {
  if (error instanceof CacheInputError) return { message: error.message, inputCode: error.code, problem: error.problem };
  const { message, code, path } = (error ?? {}) as NodeJS.ErrnoException;
  return { message: message ?? String(error), code, path };
}

export function fromThreadError({ message, inputCode, problem, ...fileSystem }: ThreadError): Error {
  // Core code throws input errors with a problem only (words.test.ts checks it): rebuilt from a copy of it.
  if (inputCode && problem) return new CacheInputError(inputCode, { ...problem });
  // Only the fields the worker knew: describeError() tests for their presence.
  const known = Object.entries(fileSystem).filter(([, value]) => value !== undefined);
  return Object.assign(new Error(message), Object.fromEntries(known));
}
