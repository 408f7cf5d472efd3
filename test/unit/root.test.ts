/** Checking a path before the core works on it, and refusing to change `/` or the home directory. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CacheInputError, InputProblem, looksLikeCacheRoot, resolveRoot, resolveRootForChange } from '../../src/core';
import { emptyRoot, writeEntry } from './builders';
import { copyFixture, tempDir } from './helpers';
import { unprivilegedCli } from './unprivileged';

/** Asserts a bad-root CacheInputError with this problem (each surface words it). */
async function rejectsWith(promise: Promise<unknown>, problem: InputProblem): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof CacheInputError, String(error));
    assert.equal(error.code, 'bad-root');
    assert.deepEqual(error.problem, problem);
    return true;
  });
}

/** Runs `fn` with os.homedir() answering `home`. */
async function withHome(home: string, fn: () => Promise<void>): Promise<void> {
  const saved = process.env.HOME;
  process.env.HOME = home;
  try {
    assert.equal(os.homedir(), home);
    await fn();
  } finally {
    if (saved === undefined) delete process.env.HOME;
    else process.env.HOME = saved;
  }
}

describe('root: resolveRoot', () => {
  it('an empty path is refused with a hint', async () => {
    await rejectsWith(resolveRoot(''), { code: 'root-empty' });
    await rejectsWith(resolveRoot('   '), { code: 'root-empty' });
  });

  it('a missing path, or one through a file, does not exist', async () => {
    const missing = path.join(tempDir(), 'nope');
    await rejectsWith(resolveRoot(missing), { code: 'root-missing', path: missing });
    const file = path.join(tempDir(), 'file');
    fs.writeFileSync(file, '');
    await rejectsWith(resolveRoot(path.join(file, 'below')), { code: 'root-missing', path: path.join(file, 'below') });
  });

  it('a file is not a directory', async () => {
    const file = path.join(tempDir(), 'cache');
    fs.writeFileSync(file, '');
    await rejectsWith(resolveRoot(file), { code: 'root-is-file', path: file });
  });

  it('a symlinked root resolves to the directory it names', async () => {
    const root = copyFixture('cache-0.3.0/basic');
    const link = path.join(tempDir(), 'link');
    fs.symlinkSync(root, link);
    assert.equal(await resolveRoot(link), fs.realpathSync(root));
  });

  it('a relative path resolves against the working directory', async () => {
    const root = emptyRoot();
    assert.equal(await resolveRoot(path.relative(process.cwd(), root)), fs.realpathSync(root));
  });

  it('a directory the user may not read is refused', function () {
    // Root reads any directory: the CLI resolves the root as a user permissions hold for.
    const unprivileged = unprivilegedCli(this);
    const root = unprivileged.own(emptyRoot());
    fs.chmodSync(root, 0o000);
    try {
      const result = unprivileged.run(['stats', root]);
      assert.equal(result.status, 2, result.stdout);
      assert.match(result.stderr, /cannot be read \(permission denied\)/);
    } finally {
      fs.chmodSync(root, 0o755);
    }
  });
});

describe('root: resolveRootForChange', () => {
  it('accepts a copy of a real cache root', async () => {
    const root = copyFixture('cache-0.6-c940fd5c/delete_prefix');
    assert.equal(await resolveRootForChange(root), fs.realpathSync(root));
  });

  it('refuses the file system root, also through a symlink', async () => {
    await rejectsWith(resolveRootForChange('/'), { code: 'root-refused', path: '/', what: 'file-system-root' });
    const link = path.join(tempDir(), 'slash');
    fs.symlinkSync('/', link);
    await rejectsWith(resolveRootForChange(link), { code: 'root-refused', path: '/', what: 'file-system-root' });
  });

  it('refuses the home directory, unless it really looks like a cache root', async () => {
    const home = emptyRoot();
    fs.mkdirSync(path.join(home, 'Documents'));
    await withHome(home, () => rejectsWith(resolveRootForChange(home), { code: 'root-refused', path: fs.realpathSync(home), what: 'home' }));
    const cacheHome = copyFixture('cache-0.3.0/basic');
    await withHome(cacheHome, async () => assert.equal(await resolveRootForChange(cacheHome), fs.realpathSync(cacheHome)));
  });
});

describe('root: looksLikeCacheRoot', function () {
  this.timeout(20_000); // copies real fixtures
  it('real fixture roots do', async () => {
    for (const scenario of ['cache-0.3.0/basic', 'cache-0.6-c940fd5c/adversarial']) assert.ok(await looksLikeCacheRoot(copyFixture(scenario)), scenario);
  });

  it('shard directories with an entry or a temp file do; files in the root and hidden directories do not matter', async () => {
    const root = emptyRoot();
    fs.mkdirSync(path.join(root, '63'));
    fs.writeFileSync(path.join(root, '63', '.tmpABCDEF'), '');
    fs.writeFileSync(path.join(root, 'README'), '');
    fs.mkdirSync(path.join(root, '.git'));
    assert.ok(await looksLikeCacheRoot(root));
  });

  it('an empty directory, empty shards, shards with only foreign files, or any other directory do not', async () => {
    const empty = emptyRoot();
    assert.equal(await looksLikeCacheRoot(empty), false, 'empty');
    fs.mkdirSync(path.join(empty, '00'));
    assert.equal(await looksLikeCacheRoot(empty), false, 'an empty shard');
    fs.writeFileSync(path.join(empty, '00', 'notes.txt'), '');
    assert.equal(await looksLikeCacheRoot(empty), false, 'only a foreign file');
    const mixed = emptyRoot();
    writeEntry(mixed, { entity: 'a' });
    fs.mkdirSync(path.join(mixed, 'src'));
    assert.equal(await looksLikeCacheRoot(mixed), false, 'an entry beside a directory that is not a shard');
    assert.equal(await looksLikeCacheRoot(path.join(mixed, 'missing')), false, 'missing');
  });
});
