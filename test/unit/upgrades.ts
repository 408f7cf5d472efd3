/**
 * Roots that look like a service after an upgrade, made from batpak's own fixtures: a group's entries copied under a
 * new type hash (a compiler upgrade: TypeId hashes change) or a higher schema version, their values unchanged and
 * their cached-at moved later, as the upgraded service would write them. The key bytes are the file name, so the copy
 * is the same bytes under another name and a later trailer.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeTrailer, encodeStoreKey, encodeTrailer, entryPath, toHex, trailerSize } from '../../src/core';
import { copyFixture, Manifest, ManifestFile, readManifest } from './helpers';

/** What batpak read back as a value: the entries of a group an upgrade would replace. */
export const readable = (file: ManifestFile): boolean => {
  const outcome = file.kind === 'cache_entry' && file.batpak_native_cache_get.outcome;
  return typeof outcome === 'object' && outcome.result === 'Some';
};

export interface Upgrade {
  /** The group's type hash as the manifest writes it (`0x…`). */
  typeHash: string;
  /** The replacement's type hash and schema version (default: the group's). */
  newTypeHash?: bigint;
  newSchema?: bigint;
  /** How much later than the root's newest entry the copies are cached (0: at the same times as the originals). */
  laterUs: bigint;
  /** Copies only the entries of these entities (default all). */
  entities?: (entity: string) => boolean;
}

export interface UpgradedRoot {
  root: string;
  manifest: Manifest;
  /** The manifest's readable entries of the replaced group: what the audit must class. */
  replaced: string[];
  /** The copies' paths. */
  copies: string[];
}

export function upgradedRoot(scenario: string, upgrade: Upgrade): UpgradedRoot {
  const root = copyFixture(scenario);
  const manifest = readManifest(scenario);
  const group = manifest.files.filter((f) => readable(f) && f.key?.type_disc_u64_hex === upgrade.typeHash);
  const newest = manifest.files.filter(readable).reduce((max, f) => (BigInt(String(f.cached_at_us)) > max ? BigInt(String(f.cached_at_us)) : max), 0n);
  const copies: string[] = [];
  for (const [index, file] of group.entries()) {
    const key = file.key ?? {};
    if (upgrade.entities && !upgrade.entities(String(key.entity_utf8))) continue;
    const bytes = fs.readFileSync(path.join(root, file.path));
    const trailer = decodeTrailer(bytes.subarray(Math.max(0, bytes.length - 40)), bytes.length, key.relevant_kinds_hash_u64_hex ? undefined : 'v1');
    if (!trailer) throw new Error(`${file.path} has no trailer`);
    if (upgrade.laterUs > 0n) trailer.cachedAtUs = newest + upgrade.laterUs + BigInt(index);
    const kinds = key.relevant_kinds_hash_u64_hex ? BigInt(key.relevant_kinds_hash_u64_hex) : undefined;
    const newKey = encodeStoreKey(
      Buffer.from(String(key.entity_hex), 'hex'),
      upgrade.newTypeHash ?? BigInt(String(key.type_disc_u64_hex)),
      upgrade.newSchema ?? BigInt(String(key.schema_version)),
      kinds,
    );
    const copy = entryPath(toHex(newKey));
    fs.writeFileSync(path.join(root, copy), Buffer.concat([bytes.subarray(0, bytes.length - trailerSize(trailer.format)), encodeTrailer(trailer)]));
    copies.push(copy);
  }
  return { root, manifest, replaced: group.map((f) => f.path).sort(), copies: copies.sort() };
}
