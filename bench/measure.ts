/**
 * Runs one command as a child process and measures it: wall time around the whole process, and its peak RSS and CPU
 * time from `/usr/bin/time -f '%M %U %S'` (or, without it, the peak RSS from a preload that reads VmHWM for Node
 * children; none for `find`, and no CPU time).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const TIME = '/usr/bin/time';
export const haveTime = spawnSync(TIME, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0;

export interface Measured {
  /** Wall time of the whole process, in ms. */
  wallMs: number;
  /** Peak RSS in kB, or null when it cannot be known. */
  rssKb: number | null;
  /** User + system CPU time of the whole process in ms (10 ms resolution), or null without /usr/bin/time. */
  cpuMs: number | null;
  status: number | null;
  stdout: string;
  stderr: string;
}

const rssFile = path.join(os.tmpdir(), `batpak-bench-rss-${process.pid}.txt`);

export interface RunOptions {
  /** Keep stdout (small outputs parsed for checks); otherwise it goes to /dev/null. */
  captureStdout: boolean;
  /** Node children: the preload that reports VmHWM when /usr/bin/time is missing. */
  nodePreload?: string;
}

export function measure(command: string, args: readonly string[], options: RunOptions): Measured {
  fs.rmSync(rssFile, { force: true });
  let argv: string[] = [command, ...args];
  const env = { ...process.env };
  if (haveTime) argv = [TIME, '-f', '%M %U %S', '-o', rssFile, ...argv];
  else if (options.nodePreload && command === process.execPath) {
    argv = [command, '--require', options.nodePreload, ...args];
    env.BENCH_HWM_FILE = rssFile;
  }
  const started = performance.now();
  const child = spawnSync(argv[0], argv.slice(1), {
    stdio: ['ignore', options.captureStdout ? 'pipe' : 'ignore', 'pipe'],
    encoding: 'utf8',
    env,
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = performance.now() - started;
  if (child.error) throw child.error;
  let rssKb: number | null = null;
  let cpuMs: number | null = null;
  try {
    // /usr/bin/time writes "Command exited with non-zero status N" before the numbers when the command failed.
    const lines = fs.readFileSync(rssFile, 'utf8').trim().split('\n');
    const [kb, user, system] = lines[lines.length - 1].split(' ').map(Number);
    if (Number.isFinite(kb)) rssKb = kb;
    if (Number.isFinite(user) && Number.isFinite(system)) cpuMs = (user + system) * 1000;
  } catch {
    // No measurement (find without /usr/bin/time).
  }
  return { wallMs, rssKb, cpuMs, status: child.status, stdout: child.stdout ?? '', stderr: child.stderr ?? '' };
}
