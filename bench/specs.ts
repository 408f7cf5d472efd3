/** What each operation of the bench runs in each variant (the core, the CLI, `find`), and how its result is checked. */
import * as os from 'node:os';
import * as path from 'node:path';
import { RootMeta } from './config';
import { OpName, PAGE, WHERE_QUERY } from './op';

export type Variant = 'core' | 'cli' | 'find';
export const VARIANTS: Variant[] = ['core', 'cli', 'find'];

/** The variants a row runs: the CLI and find only where it has them. */
export const variantsOf = (spec: OpSpec): Variant[] => VARIANTS.filter((variant) => (variant === 'cli' ? spec.cli : variant === 'find' ? spec.find : true));

export interface OpSpec {
  name: OpName;
  label: string;
  /** What each variant runs, on `root` (the template, or a fresh copy when the operation deletes). */
  core: (root: string) => string[];
  /** Absent for rows the CLI has no counterpart for. */
  cli?: (root: string) => string[];
  /** Absent for rows compared with another row of the same run instead (see budgets.ts). */
  find?: (root: string) => string[];
  /** What the CLI row measures when it is not the same thing as the core row. */
  cliNote?: string;
  /** Operations that delete run on a fresh copy; these are the directories they may change. */
  touches?: string[] | 'all';
  /** The number of files every variant must delete. */
  expectDeleted?: number;
  /** Checks a variant's parsed output; returns a problem or undefined. */
  check?: (variant: Variant, output: unknown) => string | undefined;
  /** The CLI's output is too big to keep: it goes to /dev/null, unchecked. */
  cliOutputDropped?: boolean;
}

export function opSpecs(meta: RootMeta): OpSpec[] {
  const shard = meta.biggestShard;
  const entity = meta.entity;
  const expectEntries = (got: unknown): string | undefined => (got === meta.entries ? undefined : `entries ${String(got)}, expected ${meta.entries}`);
  return [
    {
      name: 'stats',
      label: 'stats (full scan, trailers read)',
      core: (root) => ['stats', root],
      cli: (root) => ['stats', root, '--json'],
      find: (root) => [root, '-name', '*.bin', '-printf', '%s\\n'],
      check: (variant, out) => {
        if (variant === 'find') return undefined;
        // Store-key groups only: a corrupt entry of a legacy (k1) group has no trailer to tell its layout and is a raw key.
        const { entries, groups } = out as { entries?: number; groups: number | Array<{ layout: string }> };
        const groupCount = typeof groups === 'number' ? groups : groups.filter((g) => g.layout !== 'raw').length;
        return expectEntries(entries) ?? (groupCount === meta.groups ? undefined : `groups ${groupCount}, expected ${meta.groups}`);
      },
    },
    {
      name: 'stats-floor',
      label: 'stats floor: syscalls only, no records',
      core: (root) => ['stats-floor', root],
      find: (root) => [root, '-name', '*.bin', '-printf', '%s\\n'],
      check: (variant, out) => (variant === 'find' ? undefined : expectEntries((out as { entries?: number }).entries)),
    },
    {
      name: 'stats-floor-threads',
      label: `stats floor on ${os.availableParallelism()} threads`,
      core: (root) => ['stats-floor-threads', root],
      find: (root) => [root, '-name', '*.bin', '-printf', '%s\\n'],
      check: (variant, out) => (variant === 'find' ? undefined : expectEntries((out as { entries?: number }).entries)),
    },
    {
      name: 'ls',
      label: `ls shard ${shard} (${meta.biggestShardEntries.toLocaleString('en-US')}), first ${PAGE}`,
      core: (root) => ['ls', root, shard],
      cli: (root) => ['ls', root, '--shard', shard, '--json'],
      find: (root) => [path.join(root, shard), '-name', '*.bin', '-printf', '%s\\n'],
      cliNote: 'the CLI has no page option: its row lists the whole shard',
      check: (variant, out) => {
        if (variant !== 'core') return undefined;
        const page = out as { total: number; page: number; withTrailer: number };
        return page.total === meta.biggestShardEntries && page.page === Math.min(PAGE, page.total) && page.withTrailer === page.page
          ? undefined
          : `page ${JSON.stringify(page)}`;
      },
    },
    ...([1, 10] as const).map((nth): OpSpec => ({
      name: `load-more-${nth}`,
      label: `${nth === 1 ? 'first' : 'tenth'} Load more in shard ${shard} (${PAGE} entries from ${(nth * PAGE).toLocaleString('en-US')})`,
      core: (root) => [`load-more-${nth}`, root, shard],
      check: (_variant, out) => {
        const { total, offset, page } = out as { total: number; offset: number; page: number };
        const expected = Math.max(0, Math.min(PAGE, meta.biggestShardEntries - offset));
        return total === meta.biggestShardEntries && page === expected ? undefined : `page ${JSON.stringify(out)}, expected ${expected} entries`;
      },
    })),
    {
      name: 'ls-all',
      label: 'ls --json, whole root (trailers read)',
      core: (root) => ['ls-all', root],
      cli: (root) => ['ls', root, '--json'],
      find: (root) => [root, '-name', '*.bin', '-printf', '%s\\n'],
      cliOutputDropped: true,
      check: (variant, out) => (variant === 'core' ? expectEntries((out as { entries: number }).entries) : undefined),
    },
    {
      name: 'where',
      label: `ls --where, every value read and queried`,
      core: (root) => ['where', root],
      cli: (root) => ['ls', root, '--where', WHERE_QUERY, '--json'],
      find: (root) => [root, '-name', '*.bin', '-exec', 'cat', '{}', '+'],
      cliOutputDropped: true,
      check: (variant, out) => {
        const matched = (out as { matched?: number }).matched;
        return variant !== 'core' || matched === meta.entries - meta.corrupt ? undefined : `matched ${String(matched)}, expected ${meta.entries - meta.corrupt}`;
      },
    },
    {
      name: 'export',
      label: 'export, every entry with its value',
      core: (root) => ['export', root],
      cli: (root) => ['export', root],
      find: (root) => [root, '-name', '*.bin', '-exec', 'cat', '{}', '+'],
      cliOutputDropped: true,
      check: (variant, out) => (variant === 'core' ? expectEntries((out as { lines: number }).lines) : undefined),
    },
    {
      name: 'purge-all',
      label: 'purge everything',
      core: (root) => ['purge-all', root],
      cli: (root) => ['purge', root, '--all', '--yes', '--json'],
      find: (root) => [root, '-name', '*.bin', '-delete'],
      cliNote: 'the CLI plans (reads every trailer) before it deletes',
      touches: 'all',
      expectDeleted: meta.entries,
    },
    {
      name: 'purge-shard',
      label: `purge shard ${shard}`,
      core: (root) => ['purge-shard', root, shard],
      cli: (root) => ['purge', root, '--prefix-hex', shard, '--yes', '--json'],
      find: (root) => [path.join(root, shard), '-name', '*.bin', '-delete'],
      cliNote: 'the CLI has no --shard selector for purge: --prefix-hex XX selects the same entries',
      touches: [shard],
      expectDeleted: meta.shardCounts[shard],
    },
    {
      name: 'purge-entity',
      label: `purge entity ${entity.name} (${entity.files})`,
      core: (root) => ['purge-entity', root, entity.prefixHex],
      cli: (root) => ['purge', root, '--prefix-hex', entity.prefixHex, '--yes', '--json'],
      find: (root) => [path.join(root, entity.shard), '-maxdepth', '1', '-name', `${entity.prefixHex}*`, '-delete'],
      touches: [entity.shard],
      expectDeleted: entity.files,
    },
    {
      name: 'repair-dry-run',
      label: 'repair --dry-run (diagnose)',
      core: (root) => ['repair-dry-run', root],
      cli: (root) => ['repair', root, '--dry-run', '--json'],
      find: (root) => [root, '-name', '.tmp*', '-o', '-size', '-16c'],
      check: (variant, out) => {
        if (variant === 'find') return undefined;
        const categories = variant === 'core' ? (out as Record<string, number>) : Object.fromEntries(Object.entries((out as { diagnosis: { categories: Record<string, { count: number }> } }).diagnosis.categories).map(([k, v]) => [k, v.count]));
        const temp = categories.staleTemp + categories.youngTemp;
        return categories.corrupt === meta.corrupt && temp === meta.temp ? undefined : `diagnosis ${JSON.stringify(categories)}`;
      },
    },
  ];
}
