/**
 * Generates a realistic cache root once per size and keeps it as a template outside the repository. Realistic means:
 * store keys (k1 and k2, built with the core's own encoders) over entities named the way applications name them
 * (`user:1042`, `order:700311`, bare UUIDs...), so entries cluster in few shards as in real roots; about 20 entries
 * per entity spread over 24 projection groups; serde-style JSON values of 50 to 2,000 bytes; legacy k1 groups with
 * v1 trailers beside k2 groups with v2 trailers (a root upgraded from batpak 0.5); a few temp files and corrupt
 * (under 16 bytes) entries. Deterministic: the same size always gives the same tree.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeStoreKey, encodeTrailer, entityPrefix, entryPath, toHex, Trailer } from '../src/core';
import { prng } from '../test/stress/keyspace';
import { GENERATOR_VERSION, RootMeta, sizeDir } from './config';

type Random = () => number;
const int = (random: Random, n: number): number => Math.floor(random() * n);
const u64 = (random: Random): bigint => (BigInt(int(random, 2 ** 32)) << 32n) | BigInt(int(random, 2 ** 32));
const hex = (random: Random, digits: number): string => Array.from({ length: digits }, () => int(random, 16).toString(16)).join('');

/** Entity kinds with their share of entities: the first letter decides the shard, so `user:` names fill shard 75. */
const ENTITY_KINDS: Array<{ share: number; name: (n: number, random: Random) => string }> = [
  { share: 0.24, name: (n) => `user:${1000 + n}` },
  { share: 0.18, name: (n) => `order:${700000 + n}` },
  { share: 0.1, name: (n) => `account:acct_${(Math.imul(n + 1, 2654435761) >>> 0).toString(36)}` },
  { share: 0.08, name: (_n, r) => `session:${hex(r, 16)}` },
  { share: 0.06, name: (n) => `product:sku-${n}` },
  { share: 0.06, name: (_n, r) => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}` },
  { share: 0.05, name: (_n, r) => `payment:pay_${hex(r, 12)}` },
  { share: 0.05, name: (n) => `invoice:INV-${String(n).padStart(6, '0')}` },
  { share: 0.04, name: (n) => `cart:${n}` },
  { share: 0.04, name: (n) => `shipment:${n}` },
  { share: 0.03, name: (n) => `tenant:${n}` },
  { share: 0.03, name: (_n, r) => `device:${hex(r, 12)}` },
  { share: 0.02, name: (n) => `review:${n}` },
  { share: 0.02, name: (n) => `coupon:SAVE${n}` },
];

interface Group {
  typeHash: bigint;
  schema: bigint;
  /** k2 groups have one (and v2 trailers); k1 groups have none (and v1 trailers). */
  kindsHash?: bigint;
}

const GROUPS_K1 = 6;
const GROUPS_K2 = 18;
/** An entity has entries in 16 to 24 of the groups, 20 on average. */
const MIN_PER_ENTITY = 16;
const SPREAD_PER_ENTITY = 9;

function makeGroups(random: Random): Group[] {
  const groups: Group[] = [];
  // Legacy projections left behind by batpak 0.5 (k1 keys, v1 trailers), some at an older schema.
  for (let i = 0; i < GROUPS_K1; i++) groups.push({ typeHash: u64(random), schema: BigInt(i % 2) });
  // Current ones: 9 types, each at two schema versions or with two kinds sets; one consumes every kind.
  for (let i = 0; i < GROUPS_K2 / 2; i++) {
    const typeHash = u64(random);
    const kindsHash = i === 0 ? 0xbd60acb658c79e45n : u64(random);
    groups.push({ typeHash, schema: 1n, kindsHash });
    groups.push(i % 2 === 0 ? { typeHash, schema: 2n, kindsHash } : { typeHash, schema: 1n, kindsHash: u64(random) });
  }
  return groups;
}

/** Characters of JSON string padding (no escapes needed). */
const PAD = (() => {
  const random = prng(7);
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789 ';
  return Array.from({ length: 8192 }, () => chars[int(random, chars.length)]).join('');
})();

const LOG_MIN = Math.log(50);
const LOG_MAX = Math.log(2000);

/** A compact JSON value (as serde_json writes it) of 50 to 2,000 bytes, log-uniformly distributed. */
function jsonValue(random: Random, entity: string, watermark: bigint, cachedAtUs: bigint): Buffer {
  const target = Math.round(Math.exp(LOG_MIN + random() * (LOG_MAX - LOG_MIN)));
  const head = `{"id":${JSON.stringify(entity)},"version":${watermark},"updated_us":${cachedAtUs},"state":"`;
  const room = Math.max(0, target - head.length - 2);
  const start = int(random, PAD.length - room);
  return Buffer.from(`${head}${PAD.slice(start, start + room)}"}`);
}

const TEMP_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface GenerateOptions {
  entries: number;
  seed?: number;
  log?: (line: string) => void;
}

/** Writes a fresh root at `root` (which must not exist) and describes it. */
export function generateRoot(root: string, options: GenerateOptions): RootMeta {
  const started = performance.now();
  const random = prng(options.seed ?? options.entries);
  const groups = makeGroups(random);
  const n = options.entries;
  const problems = Math.max(3, Math.round(n / 10_000));
  // Which entry indices are written damaged (a value cut to under 16 bytes), and after which ones a temp file is left.
  const corruptAt = new Set<number>();
  while (corruptAt.size < problems) corruptAt.add(int(random, n));
  const tempAt = new Set<number>();
  while (tempAt.size < problems) tempAt.add(int(random, n));

  const nowUs = BigInt(Date.now()) * 1000n;
  const shardCounts: Record<string, number> = {};
  const kindCounters = ENTITY_KINDS.map(() => 0);
  const madeDirs = new Set<string>();
  const meta = { entities: 0, v1: 0, v2: 0, bytes: 0 };
  let target: RootMeta['entity'] | undefined;
  let written = 0;

  fs.mkdirSync(root, { recursive: true });
  const order = groups.map((_, i) => i);
  while (written < n) {
    // The next entity: its kind by share, its name from its kind's counter.
    let pick = random();
    let kind = 0;
    while (kind < ENTITY_KINDS.length - 1 && pick >= ENTITY_KINDS[kind].share) pick -= ENTITY_KINDS[kind++].share;
    const entity = ENTITY_KINDS[kind].name(kindCounters[kind]++, random);
    const entityBytes = Buffer.from(entity, 'utf8');
    meta.entities++;
    const count = Math.min(MIN_PER_ENTITY + int(random, SPREAD_PER_ENTITY), n - written);
    // Its groups: the first `count` of a partial shuffle.
    for (let i = 0; i < count; i++) {
      const j = i + int(random, order.length - i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const keyHexes: string[] = [];
    for (let i = 0; i < count; i++) {
      const group = groups[order[i]];
      const keyHex = toHex(encodeStoreKey(entityBytes, group.typeHash, group.schema, group.kindsHash));
      const rel = entryPath(keyHex);
      const shard = rel.slice(0, 2);
      const dir = path.join(root, shard);
      if (!madeDirs.has(shard)) {
        fs.mkdirSync(dir, { recursive: true });
        madeDirs.add(shard);
      }
      const watermark = BigInt(int(random, 2 ** 40));
      const cachedAtUs = nowUs - BigInt(int(random, 30 * 86_400)) * 1_000_000n - BigInt(int(random, 1_000_000));
      const trailer: Trailer =
        group.kindsHash === undefined
          ? { format: 'v1', watermark, cachedAtUs }
          : { format: 'v2', watermark, cachedAtUs, cachedAtMonoNs: BigInt(int(random, 2 ** 40)), processBootNs: (cachedAtUs - BigInt(int(random, 86_400)) * 1_000_000n) * 1000n };
      const value = jsonValue(random, entity, watermark, cachedAtUs);
      const bytes = corruptAt.has(written) ? value.subarray(0, 1 + int(random, 15)) : Buffer.concat([value, encodeTrailer(trailer)]);
      fs.writeFileSync(path.join(root, rel), bytes, { mode: 0o600 });
      if (tempAt.has(written)) writeTemp(dir, random, value);
      shardCounts[shard] = (shardCounts[shard] ?? 0) + 1;
      meta.bytes += bytes.length;
      if (trailer.format === 'v1') meta.v1++;
      else meta.v2++;
      keyHexes.push(keyHex);
      written++;
    }
    // The purge-one-entity row takes a user (the biggest shard) from the middle of the run.
    if (!target && kind === 0 && written >= n / 2) {
      target = { name: entity, prefixHex: toHex(entityPrefix(entityBytes)), shard: keyHexes[0].slice(0, 2), files: count };
    }
    if (options.log && meta.entities % 5000 === 0) options.log(`  ${written.toLocaleString('en-US')} / ${n.toLocaleString('en-US')} entries`);
  }
  const [biggestShard, biggestShardEntries] = Object.entries(shardCounts).sort((a, b) => b[1] - a[1])[0];
  if (!target) throw new Error('no user entity was generated');
  return {
    version: GENERATOR_VERSION,
    entries: n,
    entities: meta.entities,
    groups: groups.length,
    trailers: { v1: meta.v1, v2: meta.v2 },
    corrupt: corruptAt.size,
    temp: tempAt.size,
    bytes: meta.bytes,
    shardCounts,
    biggestShard,
    biggestShardEntries,
    entity: target,
    generatedInMs: Math.round(performance.now() - started),
  };
}

/** A temp file as a killed writer leaves it: part of a value, mode 0600; half of them are old orphans. */
function writeTemp(dir: string, random: Random, value: Buffer): void {
  const name = '.tmp' + Array.from({ length: 6 }, () => TEMP_CHARS[int(random, TEMP_CHARS.length)]).join('');
  const file = path.join(dir, name);
  fs.writeFileSync(file, value.subarray(0, int(random, value.length)), { mode: 0o600 });
  if (random() < 0.5) {
    const old = Date.now() / 1000 - 2 * 86_400;
    fs.utimesSync(file, old, old);
  }
}

export interface Prepared {
  template: string;
  meta: RootMeta;
  reused: boolean;
}

/** The description of a complete root of this generator version in `dir`, if there is one. */
function readMeta(dir: string, entries: number): RootMeta | undefined {
  try {
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as RootMeta;
    if (meta.version === GENERATOR_VERSION && meta.entries === entries && fs.statSync(path.join(dir, 'template')).isDirectory()) return meta;
  } catch {
    // Missing or unreadable.
  }
  return undefined;
}

/**
 * The template root of a size: reused when a complete one of this generator version exists, generated otherwise. It
 * is generated aside and renamed into place, so a run beside this one (npm test's bench:ci beside npm run bench)
 * never sees half a root.
 */
export function ensureTemplate(entries: number, log: (line: string) => void = () => undefined): Prepared {
  const dir = sizeDir(entries);
  const template = path.join(dir, 'template');
  const cached = readMeta(dir, entries);
  if (cached) return { template, meta: cached, reused: true };
  log(`Generating ${entries.toLocaleString('en-US')} entries into ${template} (once; reused by later runs)`);
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  const meta = generateRoot(path.join(partial, 'template'), { entries, log });
  fs.writeFileSync(path.join(partial, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
  log(`  done in ${(meta.generatedInMs / 1000).toFixed(1)} s`);
  const theirs = readMeta(dir, entries);
  if (!theirs) {
    // Left by a killed run (no meta.json is written until a root is complete), or of an older generator.
    fs.rmSync(dir, { recursive: true, force: true });
    try {
      fs.renameSync(partial, dir);
      return { template, meta, reused: false };
    } catch (error) {
      if (!readMeta(dir, entries)) throw error;
    }
  }
  // Another run finished first: use its root.
  fs.rmSync(partial, { recursive: true, force: true });
  return { template, meta: readMeta(dir, entries) as RootMeta, reused: true };
}

if (require.main === module) {
  const sizes = process.argv.slice(2).map(Number);
  for (const size of sizes.length > 0 ? sizes : [10_000]) {
    const { template, meta, reused } = ensureTemplate(size, (line) => console.log(line));
    console.log(`${template}${reused ? ' (cached)' : ''}: ${JSON.stringify({ ...meta, shardCounts: undefined })}`);
  }
}
