/**
 * `npm run bench:extension`: the extension at scale, measured inside the real extension host (code-server, see
 * scripts/vscode-host/). Builds a workspace with the benchmark's 100,000-entry root (hard links to the cached
 * template: seconds, not a copy) beside a Rust-like `target/` of 100,000 files, runs the scale suite
 * (test/integration/scale/) in it, prints the figures against the budgets and writes
 * bench/results/extension.json. Exit code 1 when the suite failed.
 *
 *   node out/bench/extension/run.js [--reps 5] [--rate 1000] [--seconds 10] [--out file.json]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dataDir, repoRoot } from '../config';
import { ensureTemplate } from '../generate';
import { ScaleFigures, ScaleMeta, ScanTiming, Timing } from '../figures';

const ENTRIES = 100_000;
const TARGET_FILES = 100_000;
const log = (line: string): void => void process.stderr.write(line + '\n');

/**
 * A Rust `target/` as cargo leaves it: per crate a fingerprint directory, a build-script output directory, its
 * artifacts in deps/ and incremental session directories holding most of the files. Made once, marked complete.
 */
function ensureTarget(target: string): void {
  const done = path.join(target, '.bench-complete');
  if (fs.existsSync(done)) return;
  fs.rmSync(target, { recursive: true, force: true });
  const debug = path.join(target, 'debug');
  const deps = path.join(debug, 'deps');
  fs.mkdirSync(deps, { recursive: true });
  let files = 0;
  const touch = (file: string): void => {
    fs.writeFileSync(file, '');
    files++;
  };
  for (let crate = 0; files < TARGET_FILES; crate++) {
    const name = `crate${crate}-${(crate * 2654435761 >>> 0).toString(16).padStart(8, '0')}`;
    const fingerprint = path.join(debug, '.fingerprint', name);
    const out = path.join(debug, 'build', name, 'out');
    fs.mkdirSync(fingerprint, { recursive: true });
    fs.mkdirSync(out, { recursive: true });
    for (const file of ['dep-lib', 'lib.json', 'invoked.timestamp', 'output']) touch(path.join(fingerprint, file));
    for (let i = 0; i < 10; i++) touch(path.join(out, `gen${i}.rs`));
    for (const ext of ['rlib', 'rmeta', 'd']) touch(path.join(deps, `lib${name}.${ext}`));
    for (let session = 0; session < 2; session++) {
      const dir = path.join(debug, 'incremental', name, `s-${session}-${name}`);
      fs.mkdirSync(dir, { recursive: true });
      for (let i = 0; i < 92 && files < TARGET_FILES; i++) touch(path.join(dir, `${i.toString(36)}.o`));
    }
  }
  fs.writeFileSync(done, `${files}\n`);
}

const timing = (t: Timing): string => `first ${t.firstMs} ms, median ${t.medianMs} ms (cpu ${t.medianCpuMs} ms)`;
const scanTiming = (t: ScanTiming): string => `median ${t.medianMs} ms; host thread busy ${t.medianBusyMs} ms, longest stall ${t.maxStallMs} ms`;

function table(f: ScaleFigures): string[] {
  const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSED');
  const w = f.watcher;
  const addedMs = Math.round((f.activation.totalMs - f.activation.emptyExtensionMs) * 10) / 10;
  const rows: string[][] = [
    ['figure', 'measured', 'budget'],
    ['activation events at startup', f.activation.activationEvents.length === 0 ? 'none (view or command only)' : f.activation.activationEvents.join(' '), 'lazy'],
    ['activation when the view opens', `${f.activation.totalMs} ms: bundle load ${f.activation.loadMs} ms, activate() ${f.activation.activateMs} ms (our code ${f.activation.ownActivateMs} ms)`, ''],
    ['  an empty extension, same host', `${f.activation.emptyExtensionMs} ms`, 'baseline'],
    ['  ours adds to it', `${addedMs} ms`, `${verdict(addedMs < 50)}: < 50 ms`],
    ['discovery: roots in the view', `${f.discovery.viewRootsMs} ms`, 'bounded'],
    ['  core search of the workspace', `${f.discovery.workspace.ms} ms, ${f.discovery.workspace.directoriesConsidered} dirs, truncated ${f.discovery.workspace.truncated}`, 'target/ skipped'],
    ['  core search inside target/', `${f.discovery.insideTarget.ms} ms, ${f.discovery.insideTarget.directoriesConsidered} dirs, truncated ${f.discovery.insideTarget.truncated}`, '<= 5,000 dirs, 2 s'],
    ['expand root: shard counts', timing(f.rootExpand), `${verdict(f.rootExpand.medianMs < 500)}: < 500 ms`],
    ['  statistics scan done after', `${f.rootExpand.statisticsDoneAfterMs} ms more`, 'background'],
    ['  once the scan is done', timing(f.rootExpand.quiet), `${verdict(f.rootExpand.quiet.medianMs < 500)}: < 500 ms`],
    ['500-entry page', timing(f.page), `${verdict(f.page.medianMs < 300)}: < 300 ms`],
    [`statistics scan on ${f.scan.threads} worker threads`, scanTiming(f.scan.census), `${verdict(f.scan.census.maxStallMs < 50)}: stall < 50 ms`],
    ['  before: walked on the host thread', scanTiming(f.scan.hostWalk), 'baseline'],
    ['watcher: writes', `${w.writes} in ${w.writeSeconds} s`, '~1,000/s'],
    ['  tree refreshes', `${w.refreshesDuringWrites} during, ${w.refreshesTotal} in all`, 'coalesced'],
    ['  round trip idle', `p50 ${w.pingIdle.p50Ms} ms, p95 ${w.pingIdle.p95Ms} ms, max ${w.pingIdle.maxMs} ms`, ''],
    ['  round trip during writes', `p50 ${w.pingDuringWrites.p50Ms} ms, p95 ${w.pingDuringWrites.p95Ms} ms, max ${w.pingDuringWrites.maxMs} ms`, 'responsive'],
    ['  round trip after writes', `p50 ${w.pingAfterWrites.p50Ms} ms, p95 ${w.pingAfterWrites.p95Ms} ms, max ${w.pingAfterWrites.maxMs} ms`, ''],
    ['  event-loop delay', `p50 ${w.eventLoopDelay.p50Ms} ms, p99 ${w.eventLoopDelay.p99Ms} ms, max ${w.eventLoopDelay.maxMs} ms`, ''],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
}

/** Packages bench/extension/baseline (an extension whose activate() does nothing); the .vsix's path. */
function packageBaseline(): string {
  const vsix = path.join(dataDir, 'activation-baseline.vsix');
  const vsce = path.join(repoRoot, 'node_modules', '.bin', 'vsce');
  execFileSync(vsce, ['package', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: path.join(repoRoot, 'bench', 'extension', 'baseline'), stdio: 'ignore' });
  return vsix;
}

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

/** A numeric option that must be above 0 (0 repetitions would fail the suite on an unrelated check). */
function positive(name: string, fallback: string): string {
  const value = option(name, fallback);
  if (!(Number(value) > 0)) throw new Error(`${name} wants a number above 0, got ${value}`);
  return value;
}

function main(): void {
  const out = option('--out', path.join(repoRoot, 'bench', 'results', 'extension.json'));
  const { template, meta } = ensureTemplate(ENTRIES, log);
  const workspace = path.join(dataDir, 'ext-workspace');
  const root = path.join(workspace, 'cache');
  const target = path.join(workspace, 'target');
  log(`Workspace ${workspace}: cache/ (${ENTRIES.toLocaleString('en-US')} entries, hard links to ${template}) and target/ (${TARGET_FILES.toLocaleString('en-US')} files)`);
  fs.mkdirSync(workspace, { recursive: true });
  ensureTarget(target);
  // A fresh root every run: the watcher step writes into it (new files and renames: the template's files are never
  // written through their links).
  fs.rmSync(root, { recursive: true, force: true });
  execFileSync('cp', ['-al', template, root]);
  const sampleName = fs.readdirSync(path.join(template, meta.biggestShard)).filter((name) => name.endsWith('.bin')).sort()[0];
  const figuresFile = path.join(os.tmpdir(), `batpak-scale-${process.pid}.json`);
  const env = {
    ...process.env,
    BATPAK_SCALE_OUT: figuresFile,
    BATPAK_SCALE_ROOT: root,
    BATPAK_SCALE_TARGET: target,
    BATPAK_SCALE_WRITER: path.join(__dirname, 'writer.js'),
    BATPAK_SCALE_REPS: positive('--reps', '5'),
    BATPAK_SCALE_RATE: positive('--rate', '1000'),
    BATPAK_SCALE_SECONDS: positive('--seconds', '10'),
    BATPAK_SCALE_META: JSON.stringify({
      entries: meta.entries,
      biggestShard: meta.biggestShard,
      biggestShardEntries: meta.biggestShardEntries,
      shards: Object.keys(meta.shardCounts).length,
      sampleKeyHex: sampleName.slice(0, -'.bin'.length),
    } satisfies ScaleMeta),
  };
  const host = path.join(repoRoot, 'scripts', 'vscode-host');
  // Installs chromium and code-server when missing, as npm run test:integration does.
  for (const script of ['ensure-system.mjs', 'ensure-code-server.mjs']) execFileSync(process.execPath, [path.join(host, script)], { stdio: 'inherit' });
  const loadBefore = os.loadavg();
  const startedAt = new Date().toISOString();
  const suiteFile = path.join(repoRoot, 'out', 'test', 'integration', 'scale', 'index.js');
  // Beside ours, an extension that does nothing: what activating any extension costs in this host.
  const args = ['--suite', suiteFile, '--workspace', workspace, '--timeout', '900', '--install', packageBaseline()];
  const suite = spawnSync(process.execPath, [path.join(host, 'run-suite.mjs'), ...args], { stdio: 'inherit', env });
  if (!fs.existsSync(figuresFile)) {
    log(`The scale suite wrote no figures (exit ${suite.status}).`);
    process.exit(1);
  }
  const figures = JSON.parse(fs.readFileSync(figuresFile, 'utf8')) as ScaleFigures;
  fs.rmSync(figuresFile, { force: true });
  let lines: string[];
  try {
    lines = table(figures);
  } catch {
    // A step failed before its figures were taken: show what there is.
    lines = JSON.stringify(figures, null, 2).split('\n');
  }
  process.stdout.write(['', ...lines, ''].join('\n'));
  const document = {
    startedAt,
    finishedAt: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    loadAverage: { before: loadBefore, after: os.loadavg() },
    suiteExit: suite.status,
    table: lines,
    figures,
  };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(document, null, 2) + '\n');
  log(`\nWritten to ${path.relative(process.cwd(), out)}`);
  if (suite.status !== 0) process.exitCode = 1;
}

main();
