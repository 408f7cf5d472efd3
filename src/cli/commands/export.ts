/**
 * `batpak-cache export <root> [selector] [--where QUERY] [--out FILE]`: NDJSON, one object per entry (the `ls --json`
 * object plus the value), streamed: to stdout, or to a file written aside and renamed into place when complete.
 */
import * as path from 'node:path';
import { Command } from 'commander';
import { CacheInputError, exportLines, exportTarget, ExportTargetError, parseShard, resolveRoot, Selector, ValueScanProgress, writeAside } from '../../core';
import { INTERRUPTED } from '../confirm';
import { addNamesOption, loadNames, NamesFlags } from '../groupNames';
import { formatBytes } from '../locale';
import { counted, safe, write } from '../output';
import { Progress } from '../progress';
import { addSelectorOptions, addWhereOption, chosenSelector, once, selectorFrom, SelectorFlags, whereFrom } from '../selection';
import { addStoreOption, storeFor } from '../store';

interface ExportFlags extends SelectorFlags, NamesFlags {
  shard?: string;
  store?: string;
  where?: string;
  out?: string;
  force?: boolean;
}

export function registerExport(program: Command): void {
  const command = program
    .command('export')
    .description('write the entries of a root as NDJSON, one object per entry with its value (temp and foreign files are left out)')
    .argument('<root>', 'the cache root')
    .option('--shard <xx>', 'only the shard directory XX (two hex digits)', once('--shard'));
  addWhereOption(addSelectorOptions(command));
  addNamesOption(addStoreOption(command, 'for --stale (default: the store found beside the root)'))
    .option('--out <file>', 'write to FILE instead of stdout: never inside the cache root; an existing FILE only with --force', once('--out'))
    .option('--force', 'with --out: replace FILE when it exists')
    .action(async (root: string, flags: ExportFlags) => {
      process.exitCode = await exportRoot(root, flags);
    });
}

async function exportRoot(rootArg: string, flags: ExportFlags): Promise<number> {
  if (flags.store !== undefined && !flags.stale) throw new CacheInputError('bad-selector', '--store goes with --stale: pass --stale to export the entries that are not fresh.');
  if (flags.force && flags.out === undefined) throw new CacheInputError('bad-argument', '--force goes with --out: it lets export replace an existing file.');
  const where = whereFrom(flags.where);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const early = chosenSelector(flags) === 'stale' ? undefined : selectorFrom(flags);
  const root = await resolveRoot(rootArg);
  const out = flags.out === undefined ? undefined : await outputFile(flags.out, root, flags.force === true);
  const selector = early ?? (flags.stale ? (selectorFrom(flags, Date.now(), await storeFor(root, flags.store, '--stale')) as Selector) : undefined);
  const names = loadNames(flags, rootArg);
  // The bar would tear through the lines when both go to the same terminal.
  const progress = new Progress('Exporting', process.stderr.isTTY === true && (out !== undefined || !process.stdout.isTTY));
  const onProgress = (p: ValueScanProgress): void => progress.update(p.dirsDone, p.dirsTotal, counted(p.matched, 'entry', 'entries'));
  const controller = new AbortController();
  const lines = exportLines(root, { shard, selectors: selector ? [selector] : [], where, names, signal: controller.signal, onProgress });
  if (!out) {
    for await (const line of lines) await write(line);
    progress.stop();
    return 0;
  }
  const onInterrupt = (): void => controller.abort();
  process.on('SIGINT', onInterrupt);
  try {
    const written = await writeAside(out, lines);
    progress.stop();
    process.stderr.write(`Exported ${counted(written.lines, 'entry', 'entries')} (${formatBytes(written.bytes)}) to ${safe(out)}\n`);
    return 0;
  } catch (error) {
    progress.stop();
    if (!controller.signal.aborted) throw error;
    process.stderr.write(`\nCancelled: ${safe(out)} was not written.\n`);
    return INTERRUPTED;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/** Checks --out before anything is read, in the CLI's words: see exportTarget. */
async function outputFile(file: string, root: string, force: boolean): Promise<string> {
  try {
    return await exportTarget(file, root, force);
  } catch (error) {
    if (!(error instanceof ExportTargetError)) throw error;
    const words: Record<typeof error.reason, string> = {
      'no-directory': `--out ${error.file}: the directory ${path.dirname(error.file)} does not exist.`,
      'inside-root': `--out ${error.file} is inside the cache root ${root}: write the export somewhere else.`,
      'not-a-file': `--out ${error.file} exists and is not a regular file.`,
      exists: `--out ${error.file} exists: pass --force to replace it, or choose another file.`,
      busy: `--out ${error.file} exists: another export is running, or left it behind.`,
    };
    throw new CacheInputError('bad-argument', words[error.reason]);
  }
}
