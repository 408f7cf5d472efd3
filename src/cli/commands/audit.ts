/** `batpak-cache audit <root>`: the dead weight of a root in classes; `--clean` removes chosen classes. */
import * as path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import {
  Audit,
  AUDIT_CLASSES,
  AuditClass,
  auditToJson,
  CacheInputError,
  cleanUp,
  DEFAULT_STALE_AFTER_EVENTS,
  DEFAULT_TEMP_GRACE_MS,
  GroupKey,
  groupLabel,
  GroupNames,
  parseDuration,
  planCleanUp,
  readStore,
  resolveRoot,
  resolveRootForChange,
  RootCensus,
  UnclassifiedGroup,
} from '../../core';
import { cancellable, ChangeFlags, ensureConfirmable } from '../confirm';
import { addNamesOption, loadNames, NamesFlags } from '../groupNames';
import { counted, formatSpan, safe, table, writeJson, writeLines } from '../output';
import { confirmAndRemove, PREVIEW_NOTE } from '../removal';
import { scanWithProgress } from '../census';
import { formatBytes, formatCount } from '../locale';
import { once } from '../selection';
import { addStoreOption, printStoreWarnings } from '../store';
import { storeWarningText } from '../storeWarnings';

interface AuditFlags extends ChangeFlags, NamesFlags {
  store?: string;
  staleBy?: number;
  tempGrace?: string;
  clean?: AuditClass[] | 'all';
  json?: boolean;
}

function staleBy(value: string, previous: number | undefined): number {
  if (previous !== undefined) throw new InvalidArgumentError('--stale-by is given twice: pass it once.');
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError(`"${value}" is not a whole number of events, 1 or more.`);
  return Number(value);
}

const STORE_CLASSES: readonly AuditClass[] = ['unknown-entity', 'stale'];

function classList(value: string, previous: AuditClass[] | 'all' | undefined): AuditClass[] | 'all' {
  if (previous !== undefined) throw new InvalidArgumentError('--clean is given twice: name every class in one, comma-separated.');
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  if (names.length === 1 && names[0] === 'all') return 'all';
  const unknown = names.filter((name) => !AUDIT_CLASSES.includes(name as AuditClass));
  if (names.length === 0 || unknown.length > 0) throw new InvalidArgumentError(`${unknown.length > 0 ? `unknown class ${unknown.join(', ')}; ` : ''}classes are ${AUDIT_CLASSES.join(', ')} or all.`);
  return names as AuditClass[];
}

export function registerAudit(program: Command): void {
  const command = program
    .command('audit')
    .description('find the dead weight of a root, in classes (corrupt, orphaned temp, legacy trailers, superseded groups, …); --clean removes classes')
    .argument('<root>', 'the cache root');
  addStoreOption(command, 'adds the classes unknown-entity and stale')
    .option('--stale-by <n>', `the stale class: entries this many relevant events behind the store, or more (default ${DEFAULT_STALE_AFTER_EVENTS})`, staleBy)
    .option('--temp-grace <duration>', `temp files younger than this may be writes in progress (default ${formatSpan(DEFAULT_TEMP_GRACE_MS)})`, once('--temp-grace'))
    .option('--clean <classes>', `remove these classes, comma-separated (${AUDIT_CLASSES.join(', ')}), or all`, classList)
    .option('--dry-run', 'with --clean: show what would be removed, delete nothing')
    .option('-y, --yes', 'with --clean: do not ask (required when stdin is not a terminal)')
    .option('--json', 'print one JSON object: the audit, the clean-up plan and its summary (see docs/cli.md)');
  addNamesOption(command).action(async (root: string, flags: AuditFlags) => {
    process.exitCode = await audit(root, flags);
  });
}

async function audit(rootArg: string, flags: AuditFlags): Promise<number> {
  const tempGraceMs = flags.tempGrace === undefined ? DEFAULT_TEMP_GRACE_MS : parseDuration(flags.tempGrace);
  const staleAfterEvents = flags.staleBy ?? DEFAULT_STALE_AFTER_EVENTS;
  // `all` is every class the audit can decide: the store's two only with a store.
  const clean = flags.clean === 'all' ? AUDIT_CLASSES.filter((cls) => flags.store !== undefined || !STORE_CLASSES.includes(cls)) : flags.clean;
  const needsStore = clean?.filter((cls) => STORE_CLASSES.includes(cls)) ?? [];
  if (needsStore.length > 0 && flags.store === undefined) throw new CacheInputError('bad-argument', `--clean ${needsStore.join(',')} needs the event store: pass --store DIR.`);
  if (clean) ensureConfirmable(flags, 'audit --clean');
  const root = clean ? await resolveRootForChange(rootArg) : await resolveRoot(rootArg);
  const names = loadNames(flags, root);
  const storeDir = flags.store === undefined ? undefined : path.resolve(flags.store);
  const census = await scanWithProgress(root, { storeDir, tempGraceMs, staleAfterEvents });
  printStoreWarnings(census.freshness?.warnings ?? []);
  const report = renderAudit(census, names);
  const json = auditToJson(census, storeWarningText, names);
  if (!clean) {
    if (flags.json) await writeJson({ audit: json, clean: null, summary: null });
    else await writeLines([...report, 'Nothing was deleted: --clean CLASS,… (or --clean all) removes classes.']);
    return 0;
  }
  const plan = planCleanUp(census, clean);
  // The store read again (its warnings were shown): each entry is judged anew just before it is removed.
  const store = storeDir !== undefined && needsStore.length > 0 ? readStore(storeDir) : undefined;
  return cancellable(({ signal, halt }) =>
    confirmAndRemove(
      {
        json: { audit: json, clean: { classes: plan.classes, count: plan.count, bytes: plan.bytes, sample: plan.sample } },
        preview: [...report, ...renderPlan(census.audit, clean, plan)],
        count: plan.count,
        question: `Delete ${counted(plan.count, 'file')} (${formatBytes(plan.bytes)})?`,
        noun: ['file', 'files'],
        progressLabel: 'Cleaning up',
        execute: (onProgress) => cleanUp(census, clean, { store, signal, halt, onProgress: (s) => onProgress(s.deleted + s.failedCount + s.skipped, s.deleted) }),
      },
      flags,
    ),
  );
}

/** What each class holds, in the audit's words. */
function why(cls: AuditClass, audit: Audit): string {
  switch (cls) {
    case 'corrupt':
      return 'under 16 bytes: batpak deletes them when it reads them';
    case 'misplaced':
      return 'in the wrong shard directory: batpak never reads them';
    case 'orphaned-temp':
      return `temp files older than ${formatSpan(audit.tempGraceMs)}: left by a writer that was killed`;
    case 'legacy-trailer':
      return '16-byte trailers in a root of 40-byte ones: misses for batpak 0.10+';
    case 'superseded':
      return 'groups whose entities all have entries in a later group of a new type hash (a compiler upgrade)';
    case 'old-schema':
      return 'groups whose entities all have entries in a later group of a higher schema version';
    case 'unknown-entity':
      return 'entities the event store does not have';
    case 'stale':
      return `${formatCount(audit.staleAfterEvents)} or more relevant events behind the event store`;
  }
}

function whyUndecided(audit: Audit, cls: AuditClass): string | undefined {
  const undecided = audit.classes.find((report) => report.class === cls)?.undecided;
  if (undecided === 'no-store') return 'not judged: pass --store DIR';
  if (undecided === 'store-warnings') return 'not judged: the store was read with warnings (see above), so its answer could be wrong';
  return undefined;
}

function labelWith(names: GroupNames): (key: GroupKey) => string {
  return (key) => {
    const name = names.nameOf(key);
    return `${key.layout} ${groupLabel(key.typeHash, key.schemaVersion, key.kindsHash ?? undefined)}${name === undefined ? '' : ` (${safe(name)})`}`;
  };
}

function unclassifiedLine(u: UnclassifiedGroup, label: (key: GroupKey) => string): string {
  const rule = u.rule === 'superseded' ? 'superseded' : 'an old schema';
  const reason =
    u.why === 'undated'
      ? `${counted(u.undated, 'entry', 'entries')} of the two groups have an implausible cached-at, so which was written later cannot be told`
      : u.why === 'entity-sets-differ'
        ? `k1 keys say nothing of the projection's kinds, so the entities must be the same: ${formatCount(u.covered)} of its ${formatCount(u.entities)} are in that group, which has ${formatCount(u.candidateEntities)}`
        : `only ${formatCount(u.covered)} of its ${formatCount(u.entities)} entities have an entry in that group`;
  return `  ${label(u.group)} looks ${rule} by ${label(u.candidate)}, written later, but ${reason}`;
}

function renderAudit(census: RootCensus, names: GroupNames): string[] {
  const { audit } = census;
  const label = labelWith(names);
  const store = audit.store ? `store ${safe(audit.store.dir)}` : 'no store';
  const rows = audit.classes.map((report) => [report.class, formatCount(report.count), formatBytes(report.bytes), whyUndecided(audit, report.class) ?? why(report.class, audit)]);
  rows.push(['total', formatCount(audit.total.count), formatBytes(audit.total.bytes), 'every class together']);
  const lines = [
    `Audit of ${safe(census.root)} (${store}, ${counted(census.stats.entries, 'entry', 'entries')}, ${formatBytes(census.stats.bytes)})`,
    ...table([{ header: 'CLASS' }, { header: 'FILES', align: 'right' }, { header: 'SIZE', align: 'right' }, { header: 'WHY' }], rows).map((line) => `  ${line}`),
  ];
  for (const report of audit.classes.filter((r) => r.groups.length > 0)) {
    lines.push(`${report.class === 'superseded' ? 'Superseded' : 'Old-schema'} groups:`);
    for (const g of report.groups) lines.push(`  ${label(g.group)}: ${counted(g.count, 'entry', 'entries')}, ${formatBytes(g.bytes)}, replaced by ${label(g.by)}`);
  }
  if (audit.unclassified.length > 0) lines.push('Unclassified (a rule could not decide; nothing is classed dead on a guess):', ...audit.unclassified.map((u) => unclassifiedLine(u, label)));
  const issues = census.stats.issues;
  if (issues.length > 0) lines.push(`In no class, could not be read or named: ${counted(issues.length, 'path')} (first: ${safe(issues[0].message)}).`);
  return lines;
}

function renderPlan(audit: Audit, classes: readonly AuditClass[], plan: ReturnType<typeof planCleanUp>): string[] {
  const undecided = classes.filter((cls) => whyUndecided(audit, cls));
  const lines = [`Clean up ${classes.join(', ')}: ${counted(plan.count, 'file')}, ${formatBytes(plan.bytes)}${plan.count > 0 ? ':' : '.'}`];
  for (const cls of undecided) lines.push(`  ${cls}: ${whyUndecided(audit, cls)}`);
  lines.push(...plan.sample.map((p) => `  ${safe(p)}`));
  if (plan.count > plan.sample.length) lines.push(`  … and ${formatCount(plan.count - plan.sample.length)} more`);
  return plan.count > 0 ? [...lines, PREVIEW_NOTE] : lines;
}
