/** Running the built CLI (dist/cli.js) as a child process, as scripts and CI do, for the CLI tests. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './helpers';

export const cli = path.join(repoRoot, 'dist', 'cli.js');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** English numbers whatever the machine's locale: the tests' assertions are written for them. */
export const ENGLISH = { ...process.env, LC_ALL: 'C.UTF-8' };

/** Runs the CLI with stdin a pipe (not a terminal). */
export function run(args: string[], env: NodeJS.ProcessEnv = ENGLISH, cwd?: string): Run {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', input: '', env, cwd, maxBuffer: 256 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function runOk(args: string[]): Run {
  const result = run(args);
  assert.equal(result.status, 0, `batpak-cache ${args.join(' ')} failed: ${result.stderr}`);
  return result;
}

export function ndjson(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
