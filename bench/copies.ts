/**
 * Fresh copies for the operations that delete. The work copy is made once with `cp -r`; after each deleting run only
 * the directories the run touched are put back the way the template has them (a directory that lost most of its
 * files is copied again whole, otherwise only its missing files are), so every run starts from a copy equal to the
 * template without copying a million files each time. Nothing here is timed.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Restored {
  /** Files the template has and the copy had lost: what the run deleted. */
  missing: number;
  /** Files in the copy that the template does not have (left behind by the run): removed. */
  extra: string[];
}

function names(dir: string): Set<string> {
  try {
    return new Set(fs.readdirSync(dir));
  } catch {
    return new Set();
  }
}

/** Makes `work` equal to `template` again in `dirs` (all of the template's directories when undefined). */
export function restore(template: string, work: string, dirs?: readonly string[]): Restored {
  if (!fs.existsSync(work)) {
    execFileSync('cp', ['-r', template, work]);
    return { missing: 0, extra: [] };
  }
  const result: Restored = { missing: 0, extra: [] };
  for (const dir of dirs ?? fs.readdirSync(template)) {
    const from = path.join(template, dir);
    const to = path.join(work, dir);
    const want = names(from);
    const have = names(to);
    for (const name of have) {
      if (want.has(name)) continue;
      result.extra.push(`${dir}/${name}`);
      fs.rmSync(path.join(to, name), { recursive: true, force: true });
    }
    const lost = [...want].filter((name) => !have.has(name));
    result.missing += lost.length;
    if (lost.length === 0) continue;
    if (lost.length > want.size / 2) {
      fs.rmSync(to, { recursive: true, force: true });
      execFileSync('cp', ['-r', from, to]);
    } else {
      for (const name of lost) fs.copyFileSync(path.join(from, name), path.join(to, name));
    }
  }
  return result;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

export interface WorkCopy {
  path: string;
  release: () => void;
}

/**
 * The copy this run's deleting operations use: `<size dir>/work`, kept between runs, unless another live run holds it
 * (npm test's bench:ci beside npm run bench); then a private `work-<pid>`, removed at the end.
 */
export function claimWork(sizeDir: string): WorkCopy {
  for (const name of fs.readdirSync(sizeDir)) {
    const pid = /^work-(\d+)$/.exec(name)?.[1];
    if (pid && !alive(Number(pid))) fs.rmSync(path.join(sizeDir, name), { recursive: true, force: true });
  }
  const lock = path.join(sizeDir, 'work.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      const unlock = (): void => fs.rmSync(lock, { force: true });
      process.once('exit', unlock);
      return { path: path.join(sizeDir, 'work'), release: unlock };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      if (alive(Number(fs.readFileSync(lock, 'utf8')))) break;
      fs.rmSync(lock, { force: true });
    }
  }
  const own = path.join(sizeDir, `work-${process.pid}`);
  return { path: own, release: () => fs.rmSync(own, { recursive: true, force: true }) };
}

/** Flushes the copy to disk so the next timed run does not pay for (or race with) the writeback of the last copy. */
export function settle(): void {
  execFileSync('sync');
}
