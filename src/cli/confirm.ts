/** Asking before a change, and stopping one on Ctrl-C. */
import * as readline from 'node:readline';
import { CacheInputError } from '../core';

export interface ChangeFlags {
  dryRun?: boolean;
  yes?: boolean;
}

/** Refuses up front when nobody could answer the question: a script must say --yes or --dry-run. */
export function ensureConfirmable(flags: ChangeFlags, command: string): void {
  if (flags.yes || flags.dryRun || process.stdin.isTTY) return;
  throw new CacheInputError(
    'bad-argument',
    `${command} needs confirmation, but stdin is not a terminal. Add --yes to go ahead, or --dry-run to only preview. Nothing was changed.`,
  );
}

/** A yes/no question on the terminal (on stderr, so stdout stays clean). Anything but y/yes, and Ctrl-C or Ctrl-D, is no. */
export function askYesNo(question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    let settled = false;
    const settle = (yes: boolean): void => {
      if (settled) return;
      settled = true;
      rl.close();
      resolve(yes);
    };
    rl.on('SIGINT', () => {
      process.stderr.write('\n');
      settle(false);
    });
    rl.on('close', () => settle(false));
    rl.question(`${question} [y/N] `, (answer) => settle(/^y(es)?$/i.test(answer.trim())));
  });
}

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const INTERRUPTED = 130;

/** How a change is stopped: `signal` after the files in hand, `halt` at once (files claimed are put back). */
export interface Stops {
  signal: AbortSignal;
  halt: AbortSignal;
}

/**
 * Runs a change with Ctrl-C wired to the core: the first Ctrl-C lets it stop cleanly after the files in hand (so the
 * summary is exact), a second stops it at once, putting back what it had claimed and deleting nothing more (a kill
 * then would leave those files claimed, for repair to put back), and a third quits without waiting. A plan or
 * diagnosis cut short rejects: nothing was deleted yet.
 */
export async function cancellable(work: (stops: Stops) => Promise<number>): Promise<number> {
  const cancel = new AbortController();
  const halt = new AbortController();
  const onInterrupt = (): void => {
    if (halt.signal.aborted) process.exit(INTERRUPTED);
    if (cancel.signal.aborted) {
      process.stderr.write('Stopping at once: putting back the files in hand… (Ctrl-C again to quit without waiting; repair puts back what is left)\n');
      halt.abort();
      return;
    }
    process.stderr.write('\nCancelling after the files in hand… (Ctrl-C again to stop at once)\n');
    cancel.abort();
  };
  process.on('SIGINT', onInterrupt);
  try {
    return await work({ signal: cancel.signal, halt: halt.signal });
  } catch (error) {
    if (!cancel.signal.aborted) throw error;
    process.stderr.write('Cancelled before anything was deleted.\n');
    return INTERRUPTED;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
