/** A problem with the user's input or the root: its message names the problem and the fix. Nothing was changed. */
export class CacheInputError extends Error {
  constructor(
    readonly code: 'bad-root' | 'bad-selector' | 'bad-argument',
    message: string,
  ) {
    super(message);
    this.name = 'CacheInputError';
  }
}
