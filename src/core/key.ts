/**
 * Cache keys: bytes <-> hex <-> file path, and the structure of keys that `Store::project()` writes.
 *
 *   k1 (batpak 0.3.0-0.6.0): entity ++ 0x00 ++ type_hash u64 LE ++ schema_version u64 LE
 *   k2 (batpak 0.6.x-0.10.x): k1 ++ relevant_kinds_hash u64 LE
 *
 * Keys are parsed from the end because an entity may itself contain 0x00. Anything else is a raw key written through
 * `NativeCache::put` directly.
 */
import { toHex, u64Hex, utf8OrUndefined } from './bytes';

export type KeyLayout = 'k1' | 'k2' | 'raw';

export interface KeyInfo {
  layout: KeyLayout;
  /** The entity bytes (store keys only). */
  entity?: Buffer;
  typeHash?: bigint;
  schemaVersion?: bigint;
  kindsHash?: bigint;
}

const K1_TAIL = 16;
const K2_TAIL = 24;

/** The shard directory of a key: its first byte in hex, or `00` for the empty key. */
export function shardOf(keyHex: string): string {
  return keyHex.length === 0 ? '00' : keyHex.slice(0, 2);
}

/** The entry's path relative to the cache root, `/`-separated. */
export function entryPath(keyHex: string): string {
  return `${shardOf(keyHex)}/${keyHex}.bin`;
}

function fits(key: Uint8Array, tail: number): boolean {
  return key.length > tail && key[key.length - tail - 1] === 0;
}

/** Which store layouts the key's bytes allow. A k2 key usually also looks like a k1 key, hence the hint. */
export function possibleLayouts(key: Uint8Array): KeyLayout[] {
  const layouts: KeyLayout[] = [];
  if (fits(key, K2_TAIL)) layouts.push('k2');
  if (fits(key, K1_TAIL)) layouts.push('k1');
  return layouts;
}

export type StoreLayout = 'k1' | 'k2';

/**
 * Parses a key. `accept` lists the store layouts the context allows, best first: a root written by one batpak version
 * holds one layout, and an entry's trailer tells which version wrote it. A key that fits none of them is raw.
 */
export function parseKey(key: Uint8Array, accept: readonly StoreLayout[] = ['k1', 'k2']): KeyInfo {
  const layout = accept.find((candidate) => fits(key, candidate === 'k2' ? K2_TAIL : K1_TAIL));
  if (!layout) return { layout: 'raw' };
  const tail = layout === 'k2' ? K2_TAIL : K1_TAIL;
  const buf = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  const at = buf.length - tail;
  return {
    layout,
    entity: buf.subarray(0, at - 1),
    typeHash: buf.readBigUInt64LE(at),
    schemaVersion: buf.readBigUInt64LE(at + 8),
    ...(layout === 'k2' ? { kindsHash: buf.readBigUInt64LE(at + 16) } : {}),
  };
}

/**
 * The layouts a key may have, best first: the root's (its writer's version) and the one its trailer implies (v2 is
 * written with k2 keys, v1 with k1). Either alone when the other is unknown; both when nothing is known.
 */
export function acceptedLayouts(rootLayout: StoreLayout | undefined, trailerLayout: StoreLayout | undefined): readonly StoreLayout[] {
  const first = rootLayout ?? trailerLayout;
  if (first === undefined) return LAYOUTS.k1k2;
  const second = trailerLayout ?? first;
  // Shared arrays: a scan asks once per entry.
  return second === first ? LAYOUTS[first] : first === 'k1' ? LAYOUTS.k1k2 : LAYOUTS.k2k1;
}

const LAYOUTS: Record<StoreLayout | 'k1k2' | 'k2k1', readonly StoreLayout[]> = { k1: ['k1'], k2: ['k2'], k1k2: ['k1', 'k2'], k2k1: ['k2', 'k1'] };

/** Builds a store key (k1 without a kinds hash, k2 with one). */
export function encodeStoreKey(entity: Uint8Array, typeHash: bigint, schemaVersion: bigint, kindsHash?: bigint): Buffer {
  const tail = Buffer.alloc(kindsHash === undefined ? K1_TAIL : K2_TAIL);
  tail.writeBigUInt64LE(typeHash, 0);
  tail.writeBigUInt64LE(schemaVersion, 8);
  if (kindsHash !== undefined) tail.writeBigUInt64LE(kindsHash, 16);
  return Buffer.concat([entity, Buffer.from([0]), tail]);
}

/** The prefix that selects exactly one entity's entries: entity ++ 0x00. */
export function entityPrefix(entity: Uint8Array): Buffer {
  return Buffer.concat([entity, Buffer.from([0])]);
}

/** The JSON shape of a parsed key (stable contract of `ls --json`). */
export interface KeyJson {
  layout: KeyLayout;
  entity: string | null;
  entityHex: string | null;
  typeHash: string | null;
  schemaVersion: string | null;
  kindsHash: string | null;
}

export function keyToJson(info: KeyInfo): KeyJson {
  return {
    layout: info.layout,
    entity: info.entity ? (utf8OrUndefined(info.entity) ?? null) : null,
    entityHex: info.entity ? toHex(info.entity) : null,
    typeHash: info.typeHash === undefined ? null : u64Hex(info.typeHash),
    schemaVersion: info.schemaVersion === undefined ? null : info.schemaVersion.toString(),
    kindsHash: info.kindsHash === undefined ? null : u64Hex(info.kindsHash),
  };
}

/** How a key reads for a person: the entity's text, or hex with the text beside it, or the raw key. */
export function describeKey(key: Uint8Array, info: KeyInfo): string {
  const bytes = info.entity ?? key;
  const text = utf8OrUndefined(bytes);
  if (text !== undefined && isPrintable(text)) return text;
  return text === undefined ? toHex(bytes) : `${toHex(bytes)} (${JSON.stringify(text)})`;
}

/** True when the text has no control characters (NUL, newlines...) that would mislead when shown as is. */
export function isPrintable(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u001f\u007f-\u009f]/.test(text);
}
