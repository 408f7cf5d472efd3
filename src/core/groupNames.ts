/**
 * Names for projection groups, so that five entries of one entity can be told apart: a map
 * `{ "TYPEHASH:SCHEMA[:KINDS]": "AccountBalance" }` (the group format `purge --group` takes; the CLI's `--names` file
 * and the `batpakCache.groupNames` setting). A key with the kinds hash names that group only and wins over one
 * without, which names every kinds hash of the type at that schema version.
 */
import { CacheInputError, InputProblem } from './errors';
import { groupLabel, parseGroup } from './selector';

export interface GroupId {
  typeHash: bigint;
  schemaVersion: bigint;
  kindsHash?: bigint;
}

/** What can carry a group: a parsed key (KeyInfo), a stats group, a GroupId. Raw keys have no type hash. */
export interface GroupLike {
  typeHash?: bigint | null;
  schemaVersion?: bigint | null;
  kindsHash?: bigint | null;
}

export interface NamedGroup extends GroupId {
  /** The key as it was written in the map. */
  key: string;
  name: string;
}

/** A member of the map that names nothing: its key is no group, or its name is not a non-empty string. */
export interface GroupNameProblem {
  key: string;
  problem: 'bad-key' | 'bad-name';
  /** Why the key is not a group. */
  detail?: InputProblem;
}

const idOf = (group: GroupLike): GroupId | undefined =>
  group.typeHash === undefined || group.typeHash === null || group.schemaVersion === undefined || group.schemaVersion === null
    ? undefined
    : { typeHash: group.typeHash, schemaVersion: group.schemaVersion, ...(group.kindsHash === undefined || group.kindsHash === null ? {} : { kindsHash: group.kindsHash }) };

/** The canonical key of a group (no `0x`, hashes in 16 hex digits): `1281de33905866e2:0:bd60acb658c79e45`. */
export function groupKey(group: GroupId): string {
  return groupLabel(group.typeHash, group.schemaVersion, group.kindsHash);
}

export class GroupNames {
  /** Canonical key → entry; a later member naming the same group replaces an earlier one. */
  private readonly byKey = new Map<string, NamedGroup>();

  constructor(entries: readonly NamedGroup[]) {
    for (const entry of entries) this.byKey.set(groupKey(entry), entry);
  }

  static readonly NONE = new GroupNames([]);

  /** Reads a map as JSON gives it; members that name nothing are left out and reported. */
  static fromMap(map: unknown): { names: GroupNames; problems: GroupNameProblem[] } {
    if (map === null || typeof map !== 'object' || Array.isArray(map)) {
      throw new CacheInputError('bad-argument', { code: 'names-not-object' });
    }
    const entries: NamedGroup[] = [];
    const problems: GroupNameProblem[] = [];
    for (const [key, name] of Object.entries(map)) {
      let group: GroupId;
      try {
        group = parseGroup(key);
      } catch (error) {
        if (!(error instanceof CacheInputError) || !error.problem) throw error;
        problems.push({ key, problem: 'bad-key', detail: error.problem });
        continue;
      }
      if (typeof name !== 'string' || name.trim() === '') problems.push({ key, problem: 'bad-name' });
      else entries.push({ typeHash: group.typeHash, schemaVersion: group.schemaVersion, ...(group.kindsHash === undefined ? {} : { kindsHash: group.kindsHash }), key, name: name.trim() });
    }
    return { names: new GroupNames(entries), problems };
  }

  get entries(): NamedGroup[] {
    return [...this.byKey.values()];
  }

  /** The named entry of a group: the one with its kinds hash, else the one without; undefined for raw keys. */
  entryOf(group: GroupLike): NamedGroup | undefined {
    const id = idOf(group);
    if (!id) return undefined;
    return (id.kindsHash === undefined ? undefined : this.byKey.get(groupKey(id))) ?? this.byKey.get(groupLabel(id.typeHash, id.schemaVersion));
  }

  nameOf(group: GroupLike): string | undefined {
    return this.entryOf(group)?.name;
  }
}

/** A name whose group is gone, and the one new group that looks like its successor. */
export interface CarryOver {
  name: string;
  /** The key that names no group of the root any more, as written. */
  from: string;
  /** The canonical key to name instead: with a kinds hash when `from` has one. */
  to: string;
}

/**
 * Type hashes change when the compiler does: a named group disappears and an unnamed one appears with the same schema
 * version and kinds hash. Given the names and the groups a root holds now, suggests carrying each such name over, only
 * where the successor is the one candidate and no other vanished name points to it. A suggestion: never applied here.
 */
export function suggestCarryOver(names: GroupNames, current: readonly GroupLike[]): CarryOver[] {
  const groups = current.map(idOf).filter((group): group is GroupId => group !== undefined);
  const covers = (entry: NamedGroup, group: GroupId): boolean =>
    entry.typeHash === group.typeHash && entry.schemaVersion === group.schemaVersion && (entry.kindsHash === undefined || entry.kindsHash === group.kindsHash);
  const unnamed = groups.filter((group) => !names.entryOf(group));
  const suggestions: CarryOver[] = [];
  for (const entry of names.entries) {
    if (groups.some((group) => covers(entry, group))) continue;
    // A key without kinds hash names a type at one schema version: its successor is a type hash, whatever the kinds.
    const targets = new Set(
      unnamed
        .filter((group) => group.schemaVersion === entry.schemaVersion && (entry.kindsHash === undefined || group.kindsHash === entry.kindsHash))
        .map((group) => groupKey(entry.kindsHash === undefined ? { typeHash: group.typeHash, schemaVersion: group.schemaVersion } : group)),
    );
    if (targets.size === 1) suggestions.push({ name: entry.name, from: entry.key, to: [...targets][0] });
  }
  return suggestions.filter((s) => suggestions.filter((other) => other.to === s.to).length === 1);
}
