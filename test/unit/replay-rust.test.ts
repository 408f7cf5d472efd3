/**
 * The Rust replayer example (examples/rust-replayer) builds offline with Debian's cargo and serde crates, and verifies
 * the fixture's entries of the projection types it holds through the protocol, as `verify` runs it.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ndjson, run } from './cliRun';
import { fixturesDir, readManifest, repoRoot } from './helpers';

const project = path.join(repoRoot, 'examples', 'rust-replayer');
const REGISTRY = '/usr/share/cargo/registry';
const PACKAGES = ['rustc', 'cargo', 'librust-serde-dev', 'librust-serde-derive-dev', 'librust-serde-json-dev'];

const has = (command: string, args: string[] = ['--version']): boolean => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
const cratesThere = (): boolean => fs.existsSync(REGISTRY) && ['serde-1', 'serde_derive-1', 'serde_json-1'].every((crate) => fs.readdirSync(REGISTRY).some((name) => name.startsWith(crate)));
/** Debian's cargo, which the Debian crates are packaged for, else the one on PATH. */
const cargo = (): string => (fs.existsSync('/usr/bin/cargo') ? '/usr/bin/cargo' : 'cargo');

/** The toolchain and crates, installed with apt when missing and this runs as root; why not, when it cannot be. */
function toolchain(): string | undefined {
  if (has(cargo()) && cratesThere()) return undefined;
  if (process.getuid?.() !== 0 || !has('apt-get', ['--version'])) {
    return `cargo or Debian's serde crates (${REGISTRY}) are missing and apt-get cannot install them here (needs root and apt): apt-get install ${PACKAGES.join(' ')}`;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = (): number | null => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...PACKAGES], { stdio: 'inherit', env }).status;
  if (install() !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    assert.equal(install(), 0, `apt-get install ${PACKAGES.join(' ')} failed`);
  }
  return undefined;
}

describe('the Rust replayer example', function () {
  this.timeout(600_000);

  it('builds offline with cargo, serde and serde_json, and verifies every fresh entry of its projection types: match', function () {
    const missing = toolchain();
    if (missing) {
      console.log(`      skipped: ${missing}`);
      this.skip();
    }
    const build = spawnSync(cargo(), ['build', '--quiet'], { cwd: project, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const scenario = 'cache-0.6-c940fd5c/stale';
    const root = path.join(fixturesDir, scenario, 'cache');
    const result = run(['verify', root, '--store', path.join(fixturesDir, scenario, 'store'), '--replayer', `'${path.join(project, 'target', 'debug', 'replayer')}'`, '--json']);
    assert.equal(result.status, 0, result.stderr);
    const verdicts = new Map(ndjson(result.stdout).map((line) => [path.relative(root, String(line.path)).split(path.sep).join('/'), line]));
    const implemented = new Set(['CounterState', 'AccountBalance', 'Lifecycle', 'EventCount']);
    const entries = readManifest(scenario).files.filter((f) => implemented.has(f.key?.projection_type ?? '') && (f.status === 'valid' || f.status === 'stale'));
    assert.ok(entries.length >= 20);
    for (const file of entries) assert.deepEqual([verdicts.get(file.path)?.result, verdicts.get(file.path)?.projection], ['match', file.key?.projection_type], file.path);
    assert.equal([...verdicts.values()].filter((v) => v.result === 'diverged').length, 0);
  });
});
