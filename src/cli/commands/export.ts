/**
 * `batpak-cache export <root> [selector] [--where QUERY] [--out FILE]`: NDJSON, one object per entry (the `ls --json`
 * object plus the value), streamed: to stdout, or to a file written aside and renamed into place when complete.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { once as eventOnce } from 'node:events';
import { Command } from 'commander';
import { CacheInputError, errorCode, exportLines, parseShard, resolveRoot, Selector, ValueScanProgress } from '../../core';
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

/** Whether `inner` is `outer` or below it. */
function isWithin(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Checks --out before anything is read: its directory exists and is not inside the root; FILE is new or --force. */
async function outputFile(file: string, root: string, force: boolean): Promise<string> {
  const absolute = path.resolve(file);
  let dir: string;
  try {
    dir = await fs.promises.realpath(path.dirname(absolute));
  } catch {
    throw new CacheInputError('bad-argument', `--out ${absolute}: the directory ${path.dirname(absolute)} does not exist.`);
  }
  if (isWithin(dir, root)) throw new CacheInputError('bad-argument', `--out ${absolute} is inside the cache root ${root}: write the export somewhere else.`);
  const existing = await fs.promises.lstat(absolute).catch(() => undefined);
  if (existing && !existing.isFile()) throw new CacheInputError('bad-argument', `--out ${absolute} exists and is not a regular file.`);
  if (existing && !force) throw new CacheInputError('bad-argument', `--out ${absolute} exists: pass --force to replace it, or choose another file.`);
  return path.join(dir, path.basename(absolute));
}

/** Writes the lines to a temp file beside `file`, renamed onto it once all are written; removed when anything fails. */
async function writeAside(file: string, lines: AsyncIterable<string>): Promise<{ lines: number; bytes: number }> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  const stream = fs.createWriteStream(temp, { flags: 'wx', mode: 0o644 });
  const written = { lines: 0, bytes: 0 };
  try {
    await eventOnce(stream, 'open');
    for await (const line of lines) {
      written.lines++;
      written.bytes += Buffer.byteLength(line);
      if (!stream.write(line)) await eventOnce(stream, 'drain');
    }
    await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    await fs.promises.rename(temp, file);
    return written;
  } catch (error) {
    stream.destroy();
    await fs.promises.rm(temp, { force: true });
    if (errorCode(error) === 'EEXIST') throw new CacheInputError('bad-argument', `${temp} exists: another export to ${file} is running, or left it behind.`);
    throw error;
  }
}
