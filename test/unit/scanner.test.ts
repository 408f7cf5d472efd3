/** The streaming scanner on real directories: listings, pages, and a walk through everything a root can hold. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EntryRecord, FileRecord, listNames, listRoot, ScanIssue, walk } from '../../src/core';
import { collect, emptyRoot, makeCanary, mkfifo, runningAsRoot, v1, v2, writeEntry } from './builders';
import { unprivilegedCli } from './unprivileged';

function byPath(records: FileRecord[]): Map<string, FileRecord> {
  return new Map(records.map((record) => [record.path, record]));
}

/** `kind` plus reason or status: one word per record, easy to compare. */
function summary(record: FileRecord | undefined): string | undefined {
  if (!record) return undefined;
  if (record.kind === 'foreign') return `foreign:${record.reason}`;
  if (record.kind === 'entry') return `entry:${record.status}`;
  return 'temp';
}

describe('scanner: listings', () => {
  it('listRoot: real directories sorted; files, symlinks and FIFOs in the root are foreign', async () => {
    const root = emptyRoot();
    for (const dir of ['ff', '00', 'notes', '6a']) fs.mkdirSync(path.join(root, dir));
    fs.writeFileSync(path.join(root, 'README'), 'hello');
    fs.symlinkSync(path.join(root, 'ff'), path.join(root, '7f'));
    mkfifo(path.join(root, 'pipe'));
    const listing = await listRoot(root);
    assert.deepEqual(listing.dirs, ['00', '6a', 'ff', 'notes'], 'the symlinked 7f is not a directory of the root');
    assert.deepEqual(
      listing.foreign.map((f) => [f.path, f.reason, f.size]),
      [
        ['7f', 'symlink', fs.lstatSync(path.join(root, '7f')).size],
        ['README', 'file-in-root', 5],
        ['pipe', 'file-in-root', 0],
      ],
    );
  });

  it('listRoot throws for a root that does not exist', async () => {
    await assert.rejects(listRoot(path.join(emptyRoot(), 'missing')), { code: 'ENOENT' });
  });

  it('listNames: sorted by name, [] for a directory that vanished', async () => {
    const root = emptyRoot();
    for (const entity of ['b', 'a', 'c']) writeEntry(root, { key: Buffer.from(`a${entity}`) });
    fs.writeFileSync(path.join(root, '61', '.tmpAAAAAA'), '');
    assert.deepEqual((await listNames(root, '61')).map((item) => item.name), ['.tmpAAAAAA', '6161.bin', '6162.bin', '6163.bin']);
    assert.deepEqual(await listNames(root, '62'), []);
  });
});

describe('scanner: walk through a hostile root', () => {
  let root: string;
  let canary: ReturnType<typeof makeCanary>;
  let records: Map<string, FileRecord>;
  let issues: ScanIssue[];
  const locked = '65/6565.bin';

  before(async function () {
    this.timeout(10_000);
    root = emptyRoot();
    canary = makeCanary();
    writeEntry(root, { key: Buffer.from('ba') });
    // A shard directory that is a symlink to a directory outside the root, holding entry-named files.
    fs.symlinkSync(canary.dir, path.join(root, '61'));
    // An entry-named symlink to a file outside the root, beside the real entry 62/6261.bin.
    fs.symlinkSync(path.join(canary.dir, 'canary.txt'), path.join(root, '62', '6262.bin'));
    // A FIFO named like an entry and one named like a temp file: opening either for reading would block.
    fs.mkdirSync(path.join(root, '63'));
    mkfifo(path.join(root, '63', '6363.bin'));
    mkfifo(path.join(root, '63', '.tmpFIFO00'));
    // A directory named like an entry, with an entry-named file inside.
    fs.mkdirSync(path.join(root, '64', '6464.bin'), { recursive: true });
    fs.writeFileSync(path.join(root, '64', '6464.bin', '6464.bin'), Buffer.alloc(20));
    // Files directly in the root, and in a directory that is not a shard.
    fs.writeFileSync(path.join(root, 'notes.txt'), 'mine');
    fs.writeFileSync(path.join(root, '6565.bin'), Buffer.alloc(20));
    fs.mkdirSync(path.join(root, 'backup'));
    fs.writeFileSync(path.join(root, 'backup', '6100.bin'), Buffer.alloc(20));
    // An entry nobody may read.
    writeEntry(root, { key: Buffer.from('ee') });
    fs.chmodSync(path.join(root, locked), 0o000);
    issues = [];
    records = byPath(await collect(walk(root, { onIssue: (issue) => issues.push(issue) })));
  });

  it('reports every file once, with what it is', () => {
    assert.deepEqual(Object.fromEntries([...records].map(([p, r]) => [p, summary(r)])), {
      '6565.bin': 'foreign:file-in-root',
      '61': 'foreign:symlink',
      'notes.txt': 'foreign:file-in-root',
      '62/6262.bin': 'foreign:symlink',
      '63/.tmpFIFO00': 'foreign:not-a-regular-file',
      '63/6363.bin': 'foreign:not-a-regular-file',
      '64/6464.bin': 'foreign:nested-directory',
      [locked]: runningAsRoot ? 'entry:ok' : 'entry:corrupt',
      '62/6261.bin': 'entry:ok',
      'backup/6100.bin': 'foreign:not-a-shard-directory',
    });
  });

  it('never enters the symlinked shard directory, and leaves the canary as it was', () => {
    for (const p of records.keys()) assert.ok(!p.startsWith('61/'), p);
    canary.assertUntouched();
  });

  it('a file it may not read is an unreadable entry with an issue (root reads it anyway)', () => {
    const record = records.get(locked) as EntryRecord;
    if (runningAsRoot) {
      assert.equal(record.problem, null);
      assert.deepEqual(issues, []);
    } else {
      assert.equal(record.problem, 'unreadable');
      assert.deepEqual(issues.map((i) => [i.path, i.code]), [[locked, 'EACCES']]);
    }
  });
});

describe('scanner: walk while files change', () => {
  it('files and directories that vanish mid-walk are skipped without an error', async function () {
    this.timeout(20_000);
    const root = emptyRoot();
    for (let i = 0; i < 1200; i++) writeEntry(root, { key: Buffer.from([0x61, i >> 8, i & 0xff]) });
    for (const shard of [0x62, 0x63]) for (let i = 0; i < 10; i++) writeEntry(root, { key: Buffer.from([shard, i]) });
    const issues: ScanIssue[] = [];
    let seen = 0;
    for await (const record of walk(root, { onIssue: (issue) => issues.push(issue) })) {
      if (seen++ === 0) {
        assert.equal(record.dir, '61');
        // Everything else goes: the rest of 61/ (its later files are not read yet), 62/ whole, 63/ replaced by a file.
        for (const name of fs.readdirSync(path.join(root, '61'))) fs.unlinkSync(path.join(root, '61', name));
        fs.rmSync(path.join(root, '62'), { recursive: true });
        fs.rmSync(path.join(root, '63'), { recursive: true });
        fs.writeFileSync(path.join(root, '63'), 'now a file');
      }
    }
    assert.deepEqual(issues, []);
    assert.ok(seen >= 1 && seen < 1200, `only what was read before the deletion is reported (${seen})`);
  });

  it('streams 5,000 entries of one shard in name order', async function () {
    this.timeout(30_000);
    const root = emptyRoot();
    for (let i = 0; i < 5000; i++) writeEntry(root, { key: Buffer.from([0x61, i >> 8, i & 0xff]) });
    let previous = '';
    let count = 0;
    for await (const record of walk(root)) {
      assert.equal(record.kind, 'entry');
      assert.ok(record.name > previous, `${record.name} after ${previous}`);
      previous = record.name;
      count++;
    }
    assert.equal(count, 5000);
    // Stopping early is allowed: the generator cleans up and nothing is left pending.
    for await (const record of walk(root)) {
      assert.equal(record.name, '610000.bin');
      break;
    }
  });

  it('a cancelled walk stops with an AbortError', async () => {
    const root = emptyRoot();
    writeEntry(root, { key: Buffer.from('a') });
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(collect(walk(root, { signal: controller.signal })), { name: 'AbortError' });
  });
});

describe("scanner: the root's key layout", () => {
  it('in a v2 root, an entry whose magic was damaged keeps its k2 key and is flagged', async () => {
    const root = emptyRoot();
    for (const entity of ['a:1', 'a:2', 'a:3']) writeEntry(root, { entity, kindsHash: 0xbd60acb658c79e45n, trailer: v2() });
    const damaged = writeEntry(root, { entity: 'a:4', kindsHash: 0xbd60acb658c79e45n, trailer: v1() });
    const record = byPath(await collect(walk(root))).get(damaged.rel) as EntryRecord;
    assert.equal(record.key.layout, 'k2');
    assert.deepEqual(record.key.entity, Buffer.from('a:4'));
    assert.ok(record.warnings.includes('key-layout-mismatch'));
  });

  it('an unreadable shard directory is an issue; the walk carries on', function () {
    // Root lists any directory: the CLI's walk runs as a user permissions hold for.
    const unprivileged = unprivilegedCli(this);
    const built = emptyRoot();
    writeEntry(built, { key: Buffer.from('aa') });
    writeEntry(built, { key: Buffer.from('ba') });
    const root = unprivileged.own(built);
    fs.chmodSync(path.join(root, '61'), 0o000);
    try {
      const result = unprivileged.run(['stats', root, '--json']);
      assert.equal(result.status, 0, result.stderr);
      const stats = JSON.parse(result.stdout) as { entries: number; shardCounts: Record<string, number>; issues: ScanIssue[] };
      assert.deepEqual([stats.entries, stats.shardCounts], [1, { '62': 1 }]);
      assert.deepEqual(stats.issues.map((i) => [i.path, i.code]), [['61', 'EACCES']]);
    } finally {
      fs.chmodSync(path.join(root, '61'), 0o755);
    }
  });
});
