/**
 * The CLI run as a user file permissions hold for, so the permission-denied paths are tested where CI runs: as root,
 * which ignores permissions. There it runs as `nobody` (setpriv, else runuser) on copies in a directory nobody can
 * reach, with its own copy of the bundle (the checkout may lie where nobody cannot go); anyone else runs it as
 * themselves. When neither works, the tests skip and say why.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './helpers';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface UnprivilegedCli {
  /** Who runs it: `nobody`, or the current user when that is not root. */
  user: string;
  /** A copy of the directory `source` that the user owns, in a directory the user can reach. */
  own(source: string): string;
  run(args: string[]): CliRun;
}

const asRoot = process.getuid?.() === 0;
let found: UnprivilegedCli | string | undefined;

/** A directory for the copies: readable and traversable by everyone, removed when the tests exit. */
function sharedDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bce-unprivileged-'));
  fs.chmodSync(dir, 0o755);
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function chownTree(dir: string, uid: number, gid: number): void {
  fs.chownSync(dir, uid, gid);
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
    fs.lchownSync(path.join(entry.parentPath, entry.name), uid, gid);
  }
}

function make(): UnprivilegedCli | string {
  const base = sharedDir();
  const cli = path.join(base, 'cli.js');
  fs.copyFileSync(path.join(repoRoot, 'dist', 'cli.js'), cli);
  fs.chmodSync(cli, 0o644);
  let copies = 0;
  const copy = (source: string): string => {
    const target = path.join(base, `root-${++copies}`);
    fs.cpSync(source, target, { recursive: true });
    return target;
  };
  const spawn = (prefix: string[], args: string[]): CliRun => {
    const [command, ...rest] = [...prefix, process.execPath, cli, ...args];
    const result = spawnSync(command, rest, { encoding: 'utf8', input: '', cwd: base });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr || (result.error?.message ?? '') };
  };
  if (!asRoot) return { user: os.userInfo().username, own: copy, run: (args) => spawn([], args) };
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }));
    gid = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }));
  } catch {
    return 'running as root, and there is no user nobody to run the CLI as';
  }
  const ways = [
    ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups'],
    ['runuser', '-u', 'nobody', '--'],
  ];
  const tried: string[] = [];
  for (const prefix of ways) {
    const probe = spawn(prefix, ['--help']);
    if (probe.status === 0) {
      return {
        user: 'nobody',
        own: (source) => {
          const target = copy(source);
          chownTree(target, uid, gid);
          return target;
        },
        run: (args) => spawn(prefix, args),
      };
    }
    tried.push(`${prefix[0]}: ${probe.stderr.trim().split('\n')[0] || `exit ${probe.status}`}`);
  }
  return `running as root, and the CLI cannot run as nobody (${tried.join('; ')})`;
}

/** The unprivileged CLI, or skips the calling test saying why there is none. */
export function unprivilegedCli(context: Mocha.Context): UnprivilegedCli {
  found ??= make();
  if (typeof found !== 'string') return found;
  console.log(`      skipping "${context.test?.title}": ${found}`);
  context.skip();
}
