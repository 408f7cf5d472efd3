/**
 * Which of the replayer's projections wrote an entry, from what its key holds: the type hash the replayer gives settles
 * it; else the user's choice for the key's type hash and schema; else, for a k2 key, the schema version and the kinds
 * hash of the declared kinds (computed as batpak does). A k1 key carries neither kinds nor anything else to tell
 * projections of one schema version apart, so it needs the type hash or the user's choice.
 */
import { CacheInputError } from '../errors';
import { KeyInfo } from '../key';
import { kindsHash } from '../siphash';
import { hashOf, ReplayerProjection } from './replayer';

/** The user's choices: `TYPEHASH:SCHEMA` (e.g. `0x162e1d7de073120e:0`, the type hash as 16 hex digits) → projection name. */
export type ProjectionChoices = ReadonlyMap<string, string>;

export type ProjectionMatch = { projection: ReplayerProjection } | { unmatched: 'raw-key' | 'no-projection' | 'ambiguous' | 'unknown-choice'; candidates: string[] };

export function matchProjection(key: KeyInfo, projections: readonly ReplayerProjection[], choices: ProjectionChoices = new Map()): ProjectionMatch {
  if (key.layout === 'raw' || key.typeHash === undefined || key.schemaVersion === undefined) return { unmatched: 'raw-key', candidates: [] };
  const sameSchema = projections.filter((p) => p.schemaVersion === key.schemaVersion);
  const byHash = sameSchema.find((p) => p.typeHash === key.typeHash);
  if (byHash) return { projection: byHash };
  const chosen = choices.get(choiceKey(key.typeHash, key.schemaVersion));
  if (chosen !== undefined) {
    const projection = projections.find((p) => p.name === chosen);
    return projection ? { projection } : { unmatched: 'unknown-choice', candidates: [chosen] };
  }
  // A projection that states its type hash wrote only keys with that hash.
  const open = sameSchema.filter((p) => p.typeHash === null);
  if (key.kindsHash !== undefined) {
    const byKinds = open.filter((p) => kindsHash(p.kinds) === key.kindsHash);
    if (byKinds.length === 1) return { projection: byKinds[0] };
    return { unmatched: byKinds.length === 0 ? 'no-projection' : 'ambiguous', candidates: byKinds.map((p) => p.name) };
  }
  return { unmatched: open.length === 0 ? 'no-projection' : 'ambiguous', candidates: open.map((p) => p.name) };
}

/** The key of a choice: the type hash as 16 hex digits with 0x, the schema version in decimal. */
export function choiceKey(typeHash: bigint, schemaVersion: bigint): string {
  return `0x${typeHash.toString(16).padStart(16, '0')}:${schemaVersion}`;
}

/** Parses `TYPEHASH:SCHEMA=NAME` (the type hash in hex, 0x optional) into a choice. */
export function parseChoice(text: string): [string, string] {
  const match = /^\s*((?:0x)?[0-9a-f]{1,16}):(\d{1,20})\s*=\s*(\S.*?)\s*$/i.exec(text);
  const typeHash = match ? hashOf(match[1]) : undefined;
  if (!match || typeHash === undefined || BigInt(match[2]) > 0xffffffffffffffffn) throw new CacheInputError('bad-argument', { code: 'map-form', input: text });
  return [choiceKey(typeHash, BigInt(match[2])), match[3]];
}
