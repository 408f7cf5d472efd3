/**
 * Property tests on hostile input: random bytes and mutated real batpak files through every decoder, and random
 * small trees (weird names, symlinks, FIFOs, nested directories) through the scanner, stats, purge and repair.
 * `FUZZ_RUNS` sets the runs per property (default 200); the total number of cases tried is printed at the end.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  buildEntry,
  collectStats,
  decodeTrailer,
  decodeValue,
  describeKey,
  diagnose,
  encodeStoreKey,
  encodeTrailer,
  executePurge,
  FileRecord,
  keyToJson,
  LayoutHint,
  listNames,
  parseKey,
  recordToJson,
  repair,
  shardOf,
  toHex,
  trailerSize,
  utf8OrUndefined,
  V2_MAGIC,
  walk,
} from '../../src/core';
import { collect, fuzzRuns, makeCanary, mkfifo } from './builders';
import { fixturesDir, repoRoot, tempDir } from './helpers';

const RUNS = fuzzRuns();
/** Trees cost real file system work: a tenth as many runs (at least 30). */
const TREE_RUNS = Math.max(30, Math.ceil(RUNS / 10));
let cases = 0;

// ---- Decoders ------------------------------------------------------------------------------------------------------

/** Everything the core derives from one file's bytes and key, with the invariants that must hold for any input. */
function checkFile(bytes: Buffer, key: Buffer, misplaced: boolean): void {
  cases++;
  const size = bytes.length;
  const tail = bytes.subarray(Math.max(0, size - 40));
  const trailer = decodeTrailer(tail, size);
  if (size < 16) assert.equal(trailer, undefined);
  else {
    assert.ok(trailer);
    const isV2 = size >= 40 && bytes.readBigUInt64LE(size - 8) === V2_MAGIC;
    assert.equal(trailer.format, isV2 ? 'v2' : 'v1');
    // The decoded fields are the file's last bytes, exactly: re-encoding gives them back.
    assert.deepEqual(encodeTrailer(trailer), bytes.subarray(size - trailerSize(trailer.format)));
    const legacy = decodeTrailer(tail, size, 'v1');
    assert.deepEqual(encodeTrailer(legacy!), bytes.subarray(size - 16));
    const value = decodeValue(bytes.subarray(0, size - trailerSize(trailer.format)));
    if (value.text !== null) assert.deepEqual(Buffer.from(value.text), bytes.subarray(0, size - trailerSize(trailer.format)));
  }

  const parsed = parseKey(key);
  if (parsed.layout !== 'raw') {
    const rebuilt = encodeStoreKey(parsed.entity!, parsed.typeHash!, parsed.schemaVersion!, parsed.kindsHash);
    assert.deepEqual(rebuilt, key, 'a parsed store key is exactly its parts');
  }
  assert.equal(typeof describeKey(key, parsed), 'string');
  JSON.stringify(keyToJson(parsed));

  const keyHex = toHex(key);
  const shard = shardOf(keyHex);
  for (const hint of [undefined, 'k1', 'k2'] as LayoutHint[]) {
    const dir = misplaced ? (shard === 'ff' ? '00' : 'ff') : shard;
    const record = buildEntry({ dir, name: `${keyHex}.bin`, keyHex, misplaced, size, mtimeMs: 0, tail }, hint);
    assert.equal(record.status, misplaced ? 'misplaced' : size < 16 ? 'corrupt' : 'ok');
    if (record.trailer) assert.equal(record.valueLength, size - trailerSize(record.trailer.format));
    else assert.equal(record.valueLength, null);
    JSON.stringify(recordToJson(record));
  }
}

/** Real entry files under 2 KB from every fixture, with their keys (read from their names). */
function realFiles(): Array<{ bytes: Buffer; key: Buffer; name: string }> {
  const out: Array<{ bytes: Buffer; key: Buffer; name: string }> = [];
  for (const entry of fs.readdirSync(fixturesDir, { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
    const match = /^((?:[0-9a-f]{2})*)\.bin$/.exec(entry.name);
    const abs = path.join(entry.parentPath, entry.name);
    if (!match || !entry.isFile() || fs.statSync(abs).size > 2048) continue;
    out.push({ bytes: fs.readFileSync(abs), key: Buffer.from(match[1], 'hex'), name: path.relative(fixturesDir, abs) });
  }
  return out;
}

type Mutation =
  | { kind: 'flip'; bits: number[] }
  | { kind: 'truncate'; at: number }
  | { kind: 'append'; bytes: Uint8Array }
  | { kind: 'appendMagic'; pad: Uint8Array };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), bits: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 48 }) }),
  fc.record({ kind: fc.constant('appendMagic' as const), pad: fc.uint8Array({ maxLength: 40 }) }),
);

function mutate(original: Buffer, m: Mutation): Buffer {
  const bytes = Buffer.from(original);
  switch (m.kind) {
    case 'flip':
      if (bytes.length > 0) for (const bit of m.bits) bytes[(bit >> 3) % bytes.length] ^= 1 << (bit & 7);
      return bytes;
    case 'truncate':
      return bytes.subarray(0, m.at % (bytes.length + 1));
    case 'append':
      return Buffer.concat([bytes, m.bytes]);
    case 'appendMagic':
      return Buffer.concat([bytes, m.pad, encodeTrailer({ format: 'v2', watermark: 0n, cachedAtUs: 0n }).subarray(32)]);
  }
}

describe('fuzz: decoders', function () {
  this.timeout(0); // FUZZ_RUNS decides how long this takes
  it('random bytes as a file and random bytes as its key', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.uint8Array({ maxLength: 60 }), fc.boolean(), (bytes, key, misplaced) =>
        checkFile(Buffer.from(bytes), Buffer.from(key), misplaced),
      ),
      { numRuns: RUNS },
    );
  });

  it('random store keys with random tails and trailers', () => {
    const storeKey = fc
      .tuple(fc.uint8Array({ maxLength: 30 }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 300n }), fc.option(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { nil: undefined }))
      .map(([entity, typeHash, schema, kinds]) => encodeStoreKey(entity, typeHash, schema, kinds));
    const file = fc
      .tuple(fc.uint8Array({ maxLength: 60 }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.boolean())
      .map(([value, at, isV2]) => Buffer.concat([value, encodeTrailer({ format: isV2 ? 'v2' : 'v1', watermark: 1n, cachedAtUs: at, cachedAtMonoNs: 0n, processBootNs: 0n })]));
    fc.assert(
      fc.property(file, storeKey, fc.boolean(), (bytes, key, misplaced) => checkFile(bytes, key, misplaced)),
      { numRuns: RUNS },
    );
  });

  describe('mutated real batpak files', () => {
    let files: ReturnType<typeof realFiles>;
    before(() => {
      files = realFiles();
      assert.ok(files.length > 300, `${files.length} real files`);
    });

    it('bit flips, truncations and appended bytes in the file', () => {
      fc.assert(
        fc.property(fc.nat(), mutation, (index, m) => {
          const file = files[index % files.length];
          checkFile(mutate(file.bytes, m), file.key, false);
        }),
        { numRuns: RUNS },
      );
    });

    it('bit flips, truncations and appended bytes in the key', () => {
      fc.assert(
        fc.property(fc.nat(), mutation, (index, m) => {
          const file = files[index % files.length];
          checkFile(file.bytes, mutate(file.key, m).subarray(0, 125), false);
        }),
        { numRuns: RUNS },
      );
    });
  });
});

// ---- Trees ---------------------------------------------------------------------------------------------------------

type Kind = 'file' | 'dir' | 'symlink' | 'fifo';

interface Item {
  /** Immediate subdirectory of the root, or null for the root itself. */
  parent: string | null;
  name: string | Buffer;
  kind: Kind;
  content: Uint8Array;
}

const fitsAName = (name: string): boolean =>
  name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\0') && Buffer.byteLength(name) <= 255;

const hex = fc.uint8Array({ maxLength: 5 }).map((bytes) => toHex(bytes));
const name: fc.Arbitrary<string | Buffer> = fc.oneof(
  { weight: 4, arbitrary: hex.map((h) => `${h}.bin`) },
  { weight: 3, arbitrary: fc.stringMatching(/^\.tmp[A-Za-z0-9]{5,7}$/) },
  hex.map((h) => `${h.toUpperCase()}.bin`),
  hex.map((h) => `${h}0.bin`),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }).filter(fitsAName),
  fc.constantFrom('.bin', 'a\nb.bin', '61.bin\n', ' .tmpABCDEF', '..bin', '.tmpabc\ndef', 'ümlaut.bin', '61', '00'),
  // Not valid UTF-8: listed as foreign by their bytes (see the last test of this file).
  fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => Buffer.from([0xff, ...bytes.filter((b) => b !== 0x2f && b !== 0)])),
);
const parent = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('00', '61', 'ff') },
  { weight: 1, arbitrary: fc.constantFrom('AB', 'notes', '6', 'a\nb') },
  { weight: 2, arbitrary: fc.constant(null) },
);
const kind = fc.oneof({ weight: 4, arbitrary: fc.constant<Kind>('file') }, { weight: 2, arbitrary: fc.constant<Kind>('symlink') }, fc.constantFrom<Kind>('dir', 'fifo'));
const item: fc.Arbitrary<Item> = fc.record({ parent, name, kind, content: fc.uint8Array({ maxLength: 60 }) });
const tree = fc.array(item, { maxLength: 20 });

/** `dir/child`, as a Buffer when either part is one (names that are not valid UTF-8 must stay bytes). */
function joinName(dir: string | Buffer, child: string | Buffer): string | Buffer {
  if (typeof dir === 'string' && typeof child === 'string') return path.join(dir, child);
  return Buffer.concat([Buffer.from(dir), Buffer.from(path.sep), Buffer.from(child)]);
}

/** Creates the items (skipping those that clash with one already made) under a fresh root. */
function build(base: string, items: Item[], outside: string): string {
  const root = fs.mkdtempSync(path.join(base, 'tree-'));
  for (const it of items) {
    try {
      const dir = it.parent === null ? root : path.join(root, it.parent);
      fs.mkdirSync(dir, { recursive: true });
      // A root-level symlink may already hold this name: never create anything through it (it leads outside).
      if (!fs.lstatSync(dir).isDirectory()) continue;
      const target = joinName(dir, it.name);
      if (fs.existsSync(target)) continue;
      if (it.kind === 'file') fs.writeFileSync(target, it.content);
      else if (it.kind === 'dir') {
        fs.mkdirSync(target);
        fs.writeFileSync(joinName(target, '6100.bin'), it.content);
      } else if (it.kind === 'symlink') fs.symlinkSync(it.content.length % 2 ? outside : path.join(outside, 'canary.txt'), target);
      else mkfifo(target.toString());
    } catch (error) {
      if (!['EEXIST', 'ENOTDIR', 'ENAMETOOLONG'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }
  return root;
}

const validUtf8 = (name: Buffer): boolean => utf8OrUndefined(name) !== undefined;

/**
 * What the scanner must report, counted without the core: every non-directory in the root, and everything directly
 * inside each real subdirectory. A directory whose name is not valid UTF-8 counts once (it cannot be a shard).
 */
function filesFound(root: string): number {
  let count = 0;
  for (const top of fs.readdirSync(root, { encoding: 'buffer' })) {
    const abs = joinName(root, top);
    if (!validUtf8(top) || !fs.lstatSync(abs).isDirectory()) count++;
    else count += fs.readdirSync(abs, { encoding: 'buffer' }).length;
  }
  return count;
}

/** The bytes of a record's path: a name that is not UTF-8 is in the record with its other bytes as `\xHH`. */
function pathBytes(record: FileRecord): string | Buffer {
  if (record.kind !== 'foreign' || record.reason !== 'name-not-utf8') return record.path;
  return Buffer.concat(record.path.split(/(\\x[0-9a-f]{2})/).map((part) => (/^\\x[0-9a-f]{2}$/.test(part) ? Buffer.from([parseInt(part.slice(2), 16)]) : Buffer.from(part))));
}

describe('fuzz: random trees', () => {
  let base: string;
  let canary: ReturnType<typeof makeCanary>;
  before(() => {
    base = tempDir('bce-fuzz-');
    canary = makeCanary();
  });
  afterEach(() => canary.assertUntouched());
  // The last suite of this file: the total covers the decoder properties above too.
  after(() => console.log(`      fuzz: ${cases} cases tried (FUZZ_RUNS=${RUNS}, ${TREE_RUNS} runs per tree property)`));

  /** Runs a property on random trees built in fresh directories, each removed afterwards. */
  function onRandomTrees(check: (root: string) => Promise<void>): Promise<void> {
    return fc.assert(
      fc.asyncProperty(tree, async (items) => {
        cases++;
        const root = build(base, items, canary.dir);
        try {
          await check(root);
        } finally {
          fs.rmSync(root, { recursive: true, force: true });
        }
      }),
      { numRuns: TREE_RUNS },
    );
  }

  it('walk and collectStats never throw, and every file is counted exactly once', async function () {
    this.timeout(0);
    await onRandomTrees(async (root) => {
      const expected = filesFound(root);
      const records = await collect(walk(root));
      assert.equal(new Set(records.map((r) => r.path)).size, records.length, 'no file twice');
      assert.equal(records.length, expected, 'walk reports every file');
      const stats = await collectStats(root);
      assert.equal(stats.entries + stats.temp.count + stats.foreign, expected, 'entries + temp + foreign = files found');
      assert.equal(stats.ok + stats.corrupt + stats.misplaced, stats.entries);
      // The only issues: names that are not UTF-8, each explained.
      const undecodable = records.filter((r) => r.kind === 'foreign' && r.reason === 'name-not-utf8').map((r) => r.path);
      assert.deepEqual(stats.issues.map((i) => i.path).sort(), undecodable.sort());
      assert.ok(stats.issues.every((i) => i.code === 'EILSEQ' && /not valid UTF-8/.test(i.message)));
      for (const record of records) assertKindIsTrue(root, record);
    });
  });

  it('purging everything and repairing remove only entries and batpak temp files, never anything else', async function () {
    this.timeout(0);
    await onRandomTrees(async (root) => {
      const before = await collect(walk(root));
      const keep = before.filter((r) => r.kind === 'foreign');
      const purged = await executePurge(root, { kind: 'prefix', prefix: Buffer.alloc(0) });
      assert.equal(purged.deleted, before.filter((r) => r.kind === 'entry').length);
      // Every temp file is old enough: "now" is a minute ahead, so no file's mtime can be later than it.
      const repaired = await repair(root, { tempGraceMs: 0, now: Date.now() + 60_000 });
      assert.equal(repaired.deleted, before.filter((r) => r.kind === 'temp').length);
      const after = await collect(walk(root));
      assert.deepEqual(after.map((r) => r.path).sort(), keep.map((r) => r.path).sort(), 'only foreign files are left');
    });
  });

  // Node lists names as UTF-8, lossily: the scanner lists a directory again as bytes when a name holds U+FFFD.
  it('reports a file whose name is not valid UTF-8 as foreign, and purge and repair never touch it', async () => {
    cases++;
    const root = path.join(base, 'not-utf8');
    fs.mkdirSync(path.join(root, '61'), { recursive: true });
    const entry = path.join(root, '61', '6100.bin');
    fs.writeFileSync(entry, Buffer.concat([Buffer.from('{}'), encodeTrailer({ format: 'v1', watermark: 1n, cachedAtUs: 1n })]));
    const inShard = (...bytes: number[]): Buffer => Buffer.concat([Buffer.from(path.join(root, '61') + path.sep), Buffer.from(bytes)]);
    // Two names that Node lists as the same string ("\uFFFDa"), one named like an entry but for one byte, and a
    // valid name that really holds U+FFFD.
    fs.writeFileSync(inShard(0xff, 0x61), 'x');
    fs.writeFileSync(inShard(0xfe, 0x61), 'y');
    fs.writeFileSync(inShard(0x36, 0x31, 0xff, 0x2e, 0x62, 0x69, 0x6e), 'z');
    fs.writeFileSync(path.join(root, '61', 'real\uFFFD.bin'), 'w');
    fs.writeFileSync(Buffer.concat([Buffer.from(root + path.sep), Buffer.from([0xc3, 0x28])]), 'at the root');
    fs.mkdirSync(Buffer.concat([Buffer.from(root + path.sep), Buffer.from([0x80])]));

    const records = await collect(walk(root));
    const byPath = new Map(records.map((r) => [r.path, r]));
    const reason = (p: string): string | undefined => {
      const record = byPath.get(p);
      return record?.kind === 'foreign' ? record.reason : record?.kind;
    };
    assert.deepEqual([...byPath.keys()].sort(), ['61/6100.bin', '61/61\\xff.bin', '61/real\uFFFD.bin', '61/\\xfea', '61/\\xffa', '\\x80', '\\xc3('].sort());
    for (const p of ['61/61\\xff.bin', '61/\\xfea', '61/\\xffa', '\\x80', '\\xc3(']) assert.equal(reason(p), 'name-not-utf8', p);
    assert.equal(reason('61/real\uFFFD.bin'), 'unrecognized-name');
    assert.equal(reason('61/6100.bin'), 'entry');
    for (const record of records) assertKindIsTrue(root, record);

    const stats = await collectStats(root);
    assert.equal(stats.foreign, 6);
    assert.equal(stats.issues.length, 5, 'each name that is not UTF-8 is explained');
    // The CLI's own scan too, the name in the root included.
    const cliStats = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'stats', root, '--json'], { encoding: 'utf8' });
    assert.deepEqual((JSON.parse(cliStats.stdout) as { issues: Array<{ path: string }> }).issues.map((i) => i.path).sort(), stats.issues.map((i) => i.path).sort());
    const diagnosis = await diagnose(root, { tempGraceMs: 0 });
    assert.equal(diagnosis.categories.foreign.count, 6);
    assert.match(diagnosis.issues.map((i) => i.message).join('\n'), /61\/\\xffa: the name is not valid UTF-8/);
    assert.deepEqual((await listNames(root, '61')).map((i) => i.name), ['6100.bin', '61\\xff.bin', 'real\uFFFD.bin', '\\xfea', '\\xffa'].sort());

    assert.equal((await executePurge(root, { kind: 'prefix', prefix: Buffer.alloc(0) })).deleted, 1, 'only the entry');
    assert.equal((await repair(root, { tempGraceMs: 0 })).deleted, 0);
    assert.deepEqual((await collect(walk(root))).map((r) => r.path).sort(), [...byPath.keys()].filter((p) => p !== '61/6100.bin').sort());
  });
});

/** An entry or temp record is a regular file on disk; a foreign record is there too (whatever it is). */
function assertKindIsTrue(root: string, record: FileRecord): void {
  const stat = fs.lstatSync(Buffer.concat([Buffer.from(root + path.sep), Buffer.from(pathBytes(record))]));
  if (record.kind !== 'foreign') assert.ok(stat.isFile(), `${record.path} is a regular file`);
  if (record.kind === 'entry') assert.match(record.name, /^(?:[0-9a-f]{2})*\.bin$/);
}
