/**
 * The extension at scale, timed inside the real extension host: activation, discovery beside a Rust-like `target/`
 * of 100,000 files, expanding a 100,000-entry root, a 500-entry page, the statistics scan's hold on the host's thread,
 * and the watcher under a writer doing 1,000 writes a second. Run by `npm run bench:extension` (bench/extension/run.ts), which generates the workspace and
 * passes its facts in BATPAK_SCALE_* variables; the figures go to the JSON file BATPAK_SCALE_OUT.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import * as vscode from 'vscode';
import { collectStats, discoverRoots, entryPath, scanCensus } from '../../../src/core';
import type { ExtensionApi } from '../../../src/extension/extension';
import type { Node, RootNode } from '../../../src/extension/tree/nodes';
import { cpuNow, ScaleFigures, ScaleMeta, ScanTiming } from '../../../bench/figures';
import { EXTENSION_ID } from '../helpers';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run npm run bench:extension`);
  return value;
};

const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
const median = (values: number[]): number => percentile(values, 0.5);
const round = (ms: number): number => Math.round(ms * 10) / 10;


/**
 * Runs `fn` `reps` times: every wall time, their median, and the median CPU time of the extension host meanwhile
 * (which a loaded machine inflates far less than wall time).
 */
async function timed(reps: number, fn: () => Promise<void>): Promise<{ ms: number[]; medianMs: number; firstMs: number; medianCpuMs: number }> {
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < reps; i++) {
    const started = performance.now();
    const cpuStarted = cpuNow();
    await fn();
    ms.push(round(performance.now() - started));
    cpu.push(round(cpuNow() - cpuStarted));
  }
  return { ms, medianMs: median(ms), firstMs: ms[0], medianCpuMs: median(cpu) };
}

/** A round trip to the workbench and back: what a user's click waits for when the extension host is busy. */
async function ping(n: number): Promise<number> {
  const started = performance.now();
  await vscode.commands.executeCommand('setContext', 'batpakBench.ping', n);
  return performance.now() - started;
}

/** Pings every 50 ms until `until` settles; the latencies in ms. */
async function pingDuring(until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.finally(() => (done = true));
  const latencies: number[] = [];
  while (!done) {
    latencies.push(await ping(latencies.length));
    await sleep(50);
  }
  return latencies;
}

/** Waits until three round trips in a row take under 15 ms (at most 10 s). */
async function untilIdle(): Promise<void> {
  const until = performance.now() + 10_000;
  let fast = 0;
  while (fast < 3 && performance.now() < until) {
    fast = (await ping(-1)) < 15 ? fast + 1 : 0;
    await sleep(50);
  }
}

const latencySummary = (ms: number[]) => ({ count: ms.length, p50Ms: round(percentile(ms, 0.5)), p95Ms: round(percentile(ms, 0.95)), maxMs: round(Math.max(...ms)) });

describe('scale benchmark', function () {
  const out = env('BATPAK_SCALE_OUT');
  const root = env('BATPAK_SCALE_ROOT');
  const target = env('BATPAK_SCALE_TARGET');
  const meta = JSON.parse(env('BATPAK_SCALE_META')) as ScaleMeta;
  const reps = Number(process.env.BATPAK_SCALE_REPS ?? 5);
  const results: Partial<ScaleFigures> = { entries: meta.entries, reps };
  let api: ExtensionApi;
  let rootNode: RootNode;

  after(() => fs.writeFileSync(out, JSON.stringify(results, null, 2) + '\n'));

  it('activation: nothing at startup; activate() when the view opens', async () => {
    const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(ext);
    const events = (ext.packageJSON as { activationEvents?: string[] }).activationEvents ?? [];
    const wasActive = ext.isActive;
    // The workbench is still starting when the suite begins: messages to it (activation waits for some) are slow then.
    await untilIdle();
    // Loading the bundle first (activate() then finds it in require's cache) tells its cost from activate()'s.
    const load = createRequire(__filename);
    const bundle = load.resolve(path.join(ext.extensionPath, (ext.packageJSON as { main: string }).main));
    const started = performance.now();
    const exported = load(bundle) as { activate: (context: vscode.ExtensionContext) => ExtensionApi };
    const loaded = performance.now();
    // VS Code takes the module from that cache too: an activate() that times itself tells our code's share from the
    // work VS Code does around any extension's activate() (its context and storage, messages to the workbench).
    let ownMs = 0;
    const cached = load.cache[bundle];
    assert.ok(cached);
    cached.exports = {
      ...exported,
      activate: (context: vscode.ExtensionContext): ExtensionApi => {
        const t = performance.now();
        try {
          return exported.activate(context);
        } finally {
          ownMs = performance.now() - t;
        }
      },
    };
    api = await ext.activate();
    const activateMs = round(performance.now() - loaded);
    const totalMs = round(performance.now() - started);
    assert.ok(ownMs > 0, 'VS Code called the timed activate()');
    // The baseline, activated the same way after ours (so any first-activation cost in the host is ours).
    const empty = vscode.extensions.getExtension('batpak-tools.activation-baseline');
    assert.ok(empty && !empty.isActive, 'the empty extension (bench/extension/baseline) is loaded and not active');
    const emptyStarted = performance.now();
    load(path.join(empty.extensionPath, 'extension.js'));
    await empty.activate();
    const emptyExtensionMs = round(performance.now() - emptyStarted);
    results.activation = { activationEvents: events, wasActiveBefore: wasActive, loadMs: round(loaded - started), activateMs, ownActivateMs: round(ownMs), totalMs, emptyExtensionMs };
    assert.equal(wasActive, false, 'nothing activates the extension before its view or a command is used');
  });

  it('discovery beside a target/ of 100,000 files is bounded', async () => {
    const started = performance.now();
    const roots = (await api.tree.getChildren()) as RootNode[];
    const discoveryMs = round(performance.now() - started);
    const found = roots.find((node) => node.state.path === root);
    assert.ok(found, `the 100,000-entry root ${root} is discovered`);
    rootNode = found;
    // The core's search over the same folder, counting the directories it looks at, and inside target/ itself
    // (where the name-based skip does not apply): the directory and time bounds are what stop it there.
    const count = async (folder: string) => {
      let considered = 0;
      const t = performance.now();
      const result = await discoverRoots(folder, {
        skip: () => {
          considered++;
          return false;
        },
      });
      return { ms: round(performance.now() - t), directoriesConsidered: considered, truncated: result.truncated, roots: result.roots.length };
    };
    results.discovery = { viewRootsMs: discoveryMs, workspace: await count(path.dirname(root)), insideTarget: await count(target) };
  });

  it('expanding the root shows the shard counts', async () => {
    // What the view does: draw the root (which starts the statistics scan in the background), then ask for its children.
    await vscode.commands.executeCommand('batpakCache.explorer.focus');
    api.tree.getTreeItem(rootNode);
    let shards: Node[] = [];
    const expand = await timed(reps, async () => {
      shards = await api.tree.getChildren(rootNode);
      for (const node of shards) api.tree.getTreeItem(node);
    });
    const labels = shards.map((node) => api.tree.getTreeItem(node));
    const biggest = labels.find((item) => item.label === meta.biggestShard);
    assert.ok(biggest, `shard ${meta.biggestShard} is shown`);
    assert.equal(biggest.description, `${meta.biggestShardEntries.toLocaleString('en-US')} entries`);
    assert.equal(labels.filter((item) => item.contextValue === 'shard').length, meta.shards);
    const statsStarted = performance.now();
    await rootNode.state.statistics();
    const statisticsDoneAfterMs = round(performance.now() - statsStarted);
    // The same once the background scan is over: what the scan's share of the event loop costs an expansion.
    const quiet = await timed(reps, async () => {
      for (const node of await api.tree.getChildren(rootNode)) api.tree.getTreeItem(node);
    });
    results.rootExpand = { ...expand, shardNodes: shards.length, statisticsDoneAfterMs, quiet };
  });

  it('a 500-entry page of the biggest shard', async () => {
    const shard = (await api.tree.getChildren(rootNode)).find((node) => api.tree.getTreeItem(node).label === meta.biggestShard);
    assert.ok(shard);
    let page: Node[] = [];
    const timing = await timed(reps, async () => {
      page = await api.tree.getChildren(shard);
      for (const node of page) api.tree.getTreeItem(node);
    });
    assert.equal(page.length, 501, '500 entries and "Load more"');
    results.page = { ...timing, nodes: page.length };
  });

  it('the statistics scan leaves the extension host free', async () => {
    // Each scan of the view's root from scratch, timed from the host: how long it takes, how much of that the host's
    // thread was busy (event-loop utilization: this thread alone, not the workers), and its longest stall.
    const scan = async (run: () => Promise<unknown>): Promise<{ ms: number; busyMs: number; stallMs: number }> => {
      const delay = monitorEventLoopDelay({ resolution: 5 });
      const started = performance.now();
      const utilization = performance.eventLoopUtilization();
      delay.enable();
      await run();
      delay.disable();
      return { ms: performance.now() - started, busyMs: performance.eventLoopUtilization(utilization).active, stallMs: delay.max / 1e6 };
    };
    const figures = async (run: () => Promise<unknown>): Promise<ScanTiming> => {
      const runs = [];
      for (let i = 0; i < reps; i++) runs.push(await scan(run));
      return {
        medianMs: round(median(runs.map((r) => r.ms))),
        medianBusyMs: round(median(runs.map((r) => r.busyMs))),
        maxStallMs: round(Math.max(...runs.map((r) => r.stallMs))),
        stallsMs: runs.map((r) => round(r.stallMs)),
      };
    };
    await untilIdle();
    // What the view's scan calls (RootState.census() also rests between scans and takes turns with other roots).
    let threads = 0;
    const census = await figures(async () => {
      const scanned = await scanCensus(root, { background: true });
      assert.equal(scanned.stats.entries, meta.entries);
      threads = scanned.threads;
    });
    // The same root walked on this thread in time slices, as the view's scan did before it moved to workers.
    const hostWalk = await figures(() => collectStats(root));
    results.scan = { threads, census, hostWalk };
  });

  it('the watcher under a writer doing 1,000 writes a second', async () => {
    const rate = Number(process.env.BATPAK_SCALE_RATE ?? 1000);
    const seconds = Number(process.env.BATPAK_SCALE_SECONDS ?? 10);
    // Open the biggest shard in the real view (reveal expands the root and the shard), start the watchers (they follow
    // a full refresh), and let the statistics scan that starts finish before the idle baseline.
    const entry = vscode.Uri.file(path.join(root, entryPath(meta.sampleKeyHex)));
    assert.equal(await vscode.commands.executeCommand('batpakCache.revealEntry', entry), true);
    await vscode.commands.executeCommand('batpakCache.refresh');
    await sleep(1000);
    await api.tree.getChildren();
    await rootNode.state.statistics();
    await sleep(3000);
    const idle = await pingDuring(sleep(3000));

    const delay = monitorEventLoopDelay({ resolution: 10 });
    const before = api.watcherRefreshes();
    const writer = spawn(process.execPath, [env('BATPAK_SCALE_WRITER'), root, String(rate), String(seconds)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    writer.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    writer.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => writer.on('close', resolve));
    delay.enable();
    const busy = await pingDuring(exited);
    const duringWrites = api.watcherRefreshes() - before;
    assert.equal(await exited, 0, `the writer failed: ${stderr}`);
    // The debounce (300 ms) and the directory poll (2 s) settle after the last write.
    const after = await pingDuring(sleep(4000));
    delay.disable();
    const written = JSON.parse(stdout) as { writes: number; seconds: number };
    results.watcher = {
      writes: written.writes,
      writeSeconds: round(written.seconds),
      refreshesDuringWrites: duringWrites,
      refreshesTotal: api.watcherRefreshes() - before,
      pingIdle: latencySummary(idle),
      pingDuringWrites: latencySummary(busy),
      pingAfterWrites: latencySummary(after),
      eventLoopDelay: { p50Ms: round(delay.percentile(50) / 1e6), p99Ms: round(delay.percentile(99) / 1e6), maxMs: round(delay.max / 1e6) },
    };
    // On a loaded machine the writer may fall behind its rate: the figures say how many writes it made.
    assert.ok(written.writes > 0, 'the writer wrote');
    assert.ok(api.watcherRefreshes() - before >= 1, 'the watcher noticed the writes');
  });
});
