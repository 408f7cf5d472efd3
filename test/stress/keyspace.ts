/**
 * The keys the stress writer writes and the harness checks against, built the same way in both processes. Each key
 * carries what batpak's store knows about it (entity, projection group), so the harness can decide what a selector
 * should match without asking the core's own parser.
 */
import { encodeStoreKey } from '../../src/core';

export interface Group {
  typeHash: bigint;
  schemaVersion: bigint;
  kindsHash: bigint;
}

/** Two groups share a type hash and schema and differ only by kinds hash: `TYPE:SCHEMA` takes both. */
export const GROUPS: readonly Group[] = [
  { typeHash: 0x4977371ba184a5e8n, schemaVersion: 2n, kindsHash: 0xb638b4e6b346b64an },
  { typeHash: 0x4977371ba184a5e8n, schemaVersion: 2n, kindsHash: 0x1234n },
  { typeHash: 0x7ead8a246153a00bn, schemaVersion: 0n, kindsHash: 0xbd60acb658c79e45n },
];

export interface KeySpec {
  key: Buffer;
  keyHex: string;
  /** `<shard>/<hex>.bin`. */
  rel: string;
  /** Store keys only: the entity's bytes and the group. Raw keys (written through `NativeCache::put`) have neither. */
  entity?: Buffer;
  group?: Group;
}

const PREFIXES = ['user', 'account', 'order', 'cart', 'session', 'invoice', 'zone', 'ledger'];

/** Every entity of the key space: text ones in 8 shards, one with a 0x00 inside, and some that are not UTF-8. */
export function entities(): Buffer[] {
  const out: Buffer[] = [];
  for (const prefix of PREFIXES) for (let n = 0; n < 24; n++) out.push(Buffer.from(`${prefix}:${n}`));
  for (let n = 0; n < 4; n++) out.push(Buffer.from(`odd\0entity:${n}`)); // parse from the end: the 0x00 is part of the entity
  out.push(Buffer.from('odd'));
  for (let n = 0; n < 4; n++) out.push(Buffer.from([0xff, 0xfe, n])); // not UTF-8, shard ff
  return out;
}

export function keySpace(): KeySpec[] {
  const specs: KeySpec[] = [];
  const add = (key: Buffer, entity?: Buffer, group?: Group): void => {
    const keyHex = key.toString('hex');
    specs.push({ key, keyHex, rel: `${keyHex.slice(0, 2) || '00'}/${keyHex}.bin`, entity, group });
  };
  entities().forEach((entity, index) => {
    // Every entity is in group 0; some also in 1 and 2: deterministic, so both processes agree.
    GROUPS.forEach((group, g) => {
      if (g === 0 || (index + g) % 3 === 0) add(encodeStoreKey(entity, group.typeHash, group.schemaVersion, group.kindsHash), entity, group);
    });
  });
  for (let n = 0; n < 24; n++) add(Buffer.from(`raw:${n}`));
  add(Buffer.alloc(0)); // the empty raw key: 00/.bin
  return specs;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same run of choices. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}
