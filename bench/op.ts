/**
 * One core operation, in its own Node process so its peak RSS is its own: `node out/bench/op.js <op> <root> [arg]`.
 * Only the operation is timed (not Node's start-up or module loading). Prints one JSON line:
 * `{ "ms": …, "cpuMs": …, "hwmKb": …, "result": {…} }` (cpuMs = the operation's user + system CPU time, which a busy
 * neighbour on the machine does not inflate the way it does wall time; hwmKb = VmHWM at exit, the fallback when
 * /usr/bin/time is missing).
 */
import * as fs from 'node:fs';
import { diagnose, executePurge, exportLines, listEntries, listRoot, readEntityEvents, readStore, scanCensus, scanRoot, scanValues, Selector, sniffLayout, ValueQuery } from '../src/core';
import { cpuNow } from './figures';
import { floor, threadedFloor } from './floor';

export type OpName = 'stats' | 'stats-one-thread' | 'stats-floor' | 'stats-floor-threads' | 'ls' | 'load-more-1' | 'load-more-10' | 'ls-all' | 'where' | 'export' | 'purge-all' | 'purge-shard' | 'purge-entity' | 'repair-dry-run' | 'events-view' | 'events-query';

/** The query of the `where` row: every generated value has a version (its watermark), so it matches every value read. */
export const WHERE_QUERY = '{"version": {"$gte": 0}}';

/** The view's page size (the `batpakCache.pageSize` default). */
export const PAGE = 500;

function peakRssKb(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // Not Linux: resourceUsage below.
  }
  return process.resourceUsage().maxRSS;
}

async function purge(root: string, selector: Selector): Promise<object> {
  const summary = await executePurge(root, selector);
  return { deleted: summary.deleted, skipped: summary.skipped, failed: summary.failedCount };
}


async function run(op: OpName, root: string, arg: string | undefined): Promise<{ ms: number; cpuMs: number; result: object }> {
  let started = performance.now();
  let cpuStarted = cpuNow();
  let result: object;
  switch (op) {
    case 'stats':
    case 'stats-one-thread': {
      // The census (statistics, charts and audit in one scan), worker threads started and all.
      const { stats, threads } = await scanCensus(root, op === 'stats' ? {} : { threads: 1 });
      result = { entries: stats.entries, ok: stats.ok, corrupt: stats.corrupt, temp: stats.temp.count, groups: stats.groups.filter((g) => g.layout !== 'raw').length, threads };
      break;
    }
    case 'stats-floor':
      result = floor(root);
      break;
    case 'stats-floor-threads':
      result = await threadedFloor(root);
      break;
    case 'ls': {
      // The tree view's call for a shard node: it knows the root's layout already (sniffed once per root), so the
      // sniff is not timed.
      const layout = await sniffLayout(root, (await listRoot(root)).dirs);
      started = performance.now();
      cpuStarted = cpuNow();
      const listing = await listEntries(root, { selectors: [{ kind: 'shard', shard: String(arg) }], layout });
      const page = await listing.page(0, PAGE);
      result = { total: listing.total, page: page.length, withTrailer: page.filter((e) => e.trailer !== null).length };
      break;
    }
    case 'load-more-1':
    case 'load-more-10': {
      // A shard node of the tree: one listing when it is expanded, its first page, then one page per Load more. Only
      // the Load more named is timed: the tenth must cost what the first does.
      const layout = await sniffLayout(root, (await listRoot(root)).dirs);
      const listing = await listEntries(root, { selectors: [{ kind: 'shard', shard: String(arg) }], layout });
      const nth = op === 'load-more-1' ? 1 : 10;
      for (let shown = 0; shown < nth; shown++) await listing.page(shown * PAGE, PAGE);
      started = performance.now();
      cpuStarted = cpuNow();
      const page = await listing.page(nth * PAGE, PAGE);
      result = { total: listing.total, offset: nth * PAGE, page: page.length };
      break;
    }
    case 'ls-all': {
      let entries = 0;
      for await (const record of scanRoot(root)) if (record.kind === 'entry') entries++;
      result = { entries };
      break;
    }
    case 'where': {
      let matched = 0;
      for await (const content of scanValues(root, { where: ValueQuery.parse(WHERE_QUERY) })) if (content.value) matched++;
      result = { matched };
      break;
    }
    case 'export': {
      // The lines are counted and dropped: the row measures making them, as the CLI row measures writing them.
      let lines = 0;
      for await (const line of exportLines(root)) lines += line.endsWith('\n') ? 1 : 0;
      result = { lines };
      break;
    }
    case 'purge-all':
      result = await purge(root, { kind: 'prefix', prefix: Buffer.alloc(0) });
      break;
    case 'purge-shard':
      result = await purge(root, { kind: 'shard', shard: String(arg) });
      break;
    case 'purge-entity':
      result = await purge(root, { kind: 'prefix', prefix: Buffer.from(String(arg), 'hex') });
      break;
    case 'events-view': {
      // `root` is a store directory here: the read the CLI makes once, and the extension's worker once per change.
      const view = readStore(root);
      result = { events: view.eventCount, entities: view.entities.size };
      break;
    }
    case 'events-query': {
      // The extension's call once the view is read: one entity's events, decoded.
      const view = readStore(root);
      started = performance.now();
      cpuStarted = cpuNow();
      const page = readEntityEvents(view, Buffer.from(String(arg)));
      result = { events: page?.events.length ?? 0, damaged: page?.events.filter((e) => e.damage !== null).length ?? 0 };
      break;
    }
    case 'repair-dry-run': {
      const d = await diagnose(root);
      result = Object.fromEntries(Object.entries(d.categories).map(([name, report]) => [name, report.count]));
      break;
    }
    default:
      throw new Error(`unknown operation ${String(op)}`);
  }
  return { ms: performance.now() - started, cpuMs: cpuNow() - cpuStarted, result };
}

if (require.main === module) {
  const [op, root, arg] = process.argv.slice(2);
  run(op as OpName, root, arg).then(
    ({ ms, cpuMs, result }) => process.stdout.write(JSON.stringify({ ms, cpuMs, hwmKb: peakRssKb(), result }) + '\n'),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
