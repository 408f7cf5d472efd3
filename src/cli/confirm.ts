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

/**
 * Runs a change with Ctrl-C wired to an AbortController: the first Ctrl-C lets the core stop cleanly after the files
 * in hand (so the summary is exact), a second one quits at once. A plan or diagnosis cut short rejects: nothing was
 * deleted yet.
 */
export async function cancellable(work: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const controller = new AbortController();
  const onInterrupt = (): void => {
    if (controller.signal.aborted) process.exit(INTERRUPTED);
    process.stderr.write('\nCancelling… (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  try {
    return await work(controller.signal);
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    process.stderr.write('Cancelled before anything was deleted.\n');
    return INTERRUPTED;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
