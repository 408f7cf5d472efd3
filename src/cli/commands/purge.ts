/** `batpak-cache purge <root> <selector>`: plan, confirm, delete, summarize. */
import { Command } from 'commander';
import { CacheInputError, EVERY_ENTRY, executePurge, groupLabel, planPurge, PurgePlan, PurgeSample, resolveRootForChange, Selector, ValueQuery } from '../../core';
import { cancellable, ChangeFlags, ensureConfirmable, Stops } from '../confirm';
import { formatBytes, formatCount } from '../locale';
import { counted, groupCell, safe, table } from '../output';
import { confirmAndRemove, PREVIEW_NOTE } from '../removal';
import { addSelectorOptions, addWhereOption, chosenSelector, selectorFrom, SelectorFlags, selectorText, whereFrom } from '../selection';
import { addStoreOption, storeFor } from '../store';

interface PurgeFlags extends SelectorFlags, ChangeFlags {
  store?: string;
  where?: string;
  json?: boolean;
}

export function registerPurge(program: Command): void {
  const command = program
    .command('purge')
    .description('delete the entries one selector names, or --where finds (temp and foreign files are never touched)')
    .argument('<root>', 'the cache root');
  addWhereOption(addSelectorOptions(command));
  addStoreOption(command, 'for --stale (default: the store found beside the root)')
    .option('--dry-run', 'show the plan, delete nothing')
    .option('-y, --yes', 'do not ask (required when stdin is not a terminal)')
    .option('--json', 'print one JSON object: the plan and the summary (see docs/cli.md)')
    .action(async (root: string, flags: PurgeFlags) => {
      process.exitCode = await purge(root, flags);
    });
}

async function purge(rootArg: string, flags: PurgeFlags): Promise<number> {
  if (flags.store !== undefined && !flags.stale) throw new CacheInputError('bad-selector', '--store goes with --stale: pass --stale to purge the entries that are not fresh.');
  const chosen = chosenSelector(flags);
  const where = whereFrom(flags.where);
  if (!chosen && !where) {
    throw new CacheInputError('bad-selector', 'Say what to purge: pass one of --prefix, --prefix-hex, --entity, --group, --older-than, --stale, --all or --where.');
  }
  // A bad selector is refused before anything else is looked at; --stale first needs the root to find the store.
  const early = chosen === 'stale' ? undefined : (selectorFrom(flags) ?? EVERY_ENTRY);
  ensureConfirmable(flags, 'purge');
  const root = await resolveRootForChange(rootArg);
  // The store is read once: the plan and the deletion judge every entry against the same events.
  const selector = early ?? (selectorFrom(flags, Date.now(), await storeFor(root, flags.store, '--stale')) as Selector);
  return cancellable((stops) => planAndPurge(root, selector, where, flags, stops));
}

/** The selector in words, and the query by value beside it. */
function described(selector: Selector, where: ValueQuery | undefined): string {
  return where ? `${selectorText(selector)} whose value matches ${where.source}` : selectorText(selector);
}

async function planAndPurge(root: string, selector: Selector, where: ValueQuery | undefined, flags: PurgeFlags, { signal, halt }: Stops): Promise<number> {
  const plan = await planPurge(root, selector, { signal, where });
  return confirmAndRemove(
    {
      name: 'plan',
      json: { selector: described(selector, where), count: plan.count, bytes: plan.bytes, sample: plan.sample.map(sampleJson), unreadable: plan.unreadable },
      preview: renderPlan(root, plan, where),
      count: plan.count,
      question: `Delete ${counted(plan.count, 'entry', 'entries')} (${formatBytes(plan.bytes)})?`,
      noun: ['entry', 'entries'],
      progressLabel: 'Purging',
      execute: (onProgress) => executePurge(root, selector, { signal, halt, where, onProgress: (p) => onProgress(p.deleted + p.failed, p.deleted) }),
    },
    flags,
  );
}

function renderPlan(root: string, plan: PurgePlan, where: ValueQuery | undefined): string[] {
  const lines = [`Purge ${safe(described(plan.selector, where))} in ${safe(root)}`];
  if (plan.unreadable.length > 0) lines.push(`Could not read ${plan.unreadable.map((d) => `${safe(d)}/`).join(', ')}: their entries are not counted.`);
  lines.push(`${counted(plan.count, 'entry', 'entries')} match, ${formatBytes(plan.bytes)}${plan.count > 0 ? ':' : '.'}`);
  if (plan.count === 0) return lines;
  const sample = table([{ header: 'KEY', max: 40 }, { header: 'GROUP' }, { header: 'PATH' }], plan.sample.map((s) => [safe(s.label), groupCell(s.key), safe(s.path)]));
  lines.push(...sample.map((line) => `  ${line}`));
  if (plan.count > plan.sample.length) lines.push(`  … and ${formatCount(plan.count - plan.sample.length)} more`);
  return [...lines, PREVIEW_NOTE];
}

/** A sampled entry in `purge --json`: its projection group in full, as `--group` takes it (null for a raw key). */
function sampleJson({ path, keyHex, label, key }: PurgeSample): object {
  const group = key.typeHash === undefined || key.schemaVersion === undefined ? null : groupLabel(key.typeHash, key.schemaVersion, key.kindsHash);
  return { path, keyHex, label, group };
}
