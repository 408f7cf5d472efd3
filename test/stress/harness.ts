/**
 * Runs the core's scans, listings, purges and repairs over a root that a live writer process (writer.ts) rewrites at
 * full speed, and checks every deletion against what the writer logged.
 *
 * How deletions are seen: for the duration of a run, `fs.promises.unlink` (the only call the core deletes with) is
 * wrapped for paths inside the root. The wrapper first renames the file to a private name outside the root: one
 * atomic step that takes exactly the inode the core was about to unlink, so the bytes it deleted can be read after
 * the fact, whatever the writer renamed in meanwhile. Then it unlinks that private name. For the core and the writer
 * this is the same as the unlink: the name disappears atomically.
 *
 * Each deleted file is then judged on its own bytes (its value names its key and version; its trailer holds its
 * cached_at), against an oracle written from batpak's documented semantics and the key space's own metadata, never
 * from the core's selector code:
 * - an entry is rightly deleted by a purge only if its key matches the selector (prefix/entity/entry/shard/group by
 *   name or key metadata; olderThan by the cached_at of the very version deleted);
 * - a temp file is rightly deleted only by a repair, and only if its mtime is at least the grace period old;
 * - a claimed file that no longer matched, dropped because a newer version already sits at its name, is a
 *   replacement (what the writer's rename would have done), not a deletion;
 * - anything else is a wrong deletion.
 * At the end (writer stopped), the disk must hold exactly the writer's last version of every path, except paths
 * whose last version was rightly deleted, and nothing but the writer's abandoned temp files beside them.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  collectStats,
  diagnose,
  EntryRecord,
  executePurge,
  FileRecord,
  planPurge,
  listEntries,
  RemovalSummary,
  repair,
  Selector,
  walk,
} from '../../src/core';
import { entities, GROUPS, keySpace, KeySpec, pick, prng } from './keyspace';

export type OpKind =
  | 'walk'
  | 'stats'
  | 'query'
  | 'diagnose'
  | 'repair'
  | 'purge:prefix'
  | 'purge:entity'
  | 'purge:entry'
  | 'purge:shard'
  | 'purge:group'
  | 'purge:olderThan';

const WEIGHTS: Record<OpKind, number> = {
  walk: 8,
  stats: 8,
  query: 12,
  diagnose: 6,
  repair: 10,
  'purge:prefix': 10,
  'purge:entity': 10,
  'purge:entry': 5,
  'purge:shard': 7,
  'purge:group': 8,
  'purge:olderThan': 12,
};

export interface StressOptions {
  /** Operations to run beside the writer. */
  ops: number;
  seed?: number;
  /** The repair/diagnose grace period; the writer's slow writes stay well under it. */
  graceMs?: number;
  /** Writes the writer does before the first operation. */
  prefill?: number;
  orphanRate?: number;
  slowRate?: number;
  maxSlowMs?: number;
  /** Only these operations (default: the whole weighted mix). */
  kinds?: OpKind[];
  /** Only these entities for entity purges (default: all of the key space's). */
  entityFilter?: (entity: Buffer) => boolean;
  /**
   * For proving the checks can fail: purges run `runAs(selector)` but are judged against `selector`; repairs run with
   * `repairGraceMs` but are judged against `graceMs`.
   */
  sabotage?: { runAs?: (selector: Selector) => Selector; repairGraceMs?: number };
  /** Keep the work directory (it is kept anyway when a check failed). */
  keep?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface Violation {
  kind: 'wrong-deletion' | 'young-temp' | 'lost' | 'stale-content' | 'count' | 'error' | 'scan' | 'leftover' | 'writer';
  /** Whether a file (or a write) was lost by it. */
  loss: boolean;
  op: string;
  detail: string;
}

export interface StressReport {
  seed: number;
  ops: number;
  opsByKind: Partial<Record<OpKind, number>>;
  /** Completed renames by the writer, abandoned temp files, slow writes, writes that failed. */
  writes: number;
  orphans: number;
  slowWrites: number;
  writerFailed: number;
  deletedByPurge: number;
  deletedByRepair: number;
  /** Claimed by an age-based purge, no longer matching, dropped because a newer version had replaced it. */
  replacedWhileClaimed: number;
  skipped: number;
  /** Entries an age purge claimed (renamed away to check) that did not match: they vanished for a moment. */
  claimedNotMatching: number;
  /** Purges whose summary bytes differ from the bytes of the files they deleted, and by how much in all. */
  bytesDrift: { ops: number; bytes: number };
  recordsScanned: number;
  /** Files (or writes) lost wrongly: must be 0. */
  wronglyLost: number;
  violations: Violation[];
  durationMs: number;
  workDir: string;
}

interface Version {
  v: number;
  keyHex: string;
  watermark: bigint;
  cachedAtUs: bigint;
  size: number;
}

interface Captured {
  /** Root-relative name the core unlinked. */
  name: string;
  bytes: Buffer | undefined;
  nlink: number;
  mtimeMs: number;
  at: number;
  /** For a claimed file: the version id at its entry name when it was dropped (undefined: the name was empty). */
  atNameThen?: number;
}

interface Op {
  index: number;
  kind: OpKind;
  label: string;
  captured: Captured[];
  /** The version each claim took (undefined: not a writer's entry). */
  claims: Array<Version | undefined>;
}

const TEMP_NAME = /^[0-9a-f]{2}\/\.tmp[A-Za-z0-9]{6}$/;
/** A claim name: it carries the claimed entry's key in base64url (the version parsed from its bytes names it too). */
const CLAIMED_NAME = /^[0-9a-f]{2}\/\.batpak-explorer-[0-9a-f]{12}(?:-[A-Za-z0-9_-]*)?\.removing$/;
const V2_SIZE = 40;

/** The version a file's bytes are: parsed without the core (value JSON names it, the trailer is read by hand). */
export function parseVersion(bytes: Buffer): Version | undefined {
  if (bytes.length < V2_SIZE) return undefined;
  try {
    const value = JSON.parse(bytes.subarray(0, bytes.length - V2_SIZE).toString('utf8')) as { v: number; k: string };
    const at = bytes.length - V2_SIZE;
    return { v: value.v, keyHex: value.k, watermark: bytes.readBigUInt64LE(at), cachedAtUs: bytes.readBigInt64LE(at + 8), size: bytes.length };
  } catch {
    return undefined;
  }
}

/** What the selector should match, from batpak's documented semantics and the key's own metadata. */
export function oracle(selector: Selector, spec: KeySpec, cachedAtUs: bigint | undefined): boolean {
  const startsWith = (prefix: Buffer): boolean => spec.key.length >= prefix.length && spec.key.subarray(0, prefix.length).equals(prefix);
  switch (selector.kind) {
    case 'prefix':
      return startsWith(selector.prefix);
    case 'entity':
      return startsWith(Buffer.concat([selector.entity, Buffer.from([0])]));
    case 'entry':
      return spec.rel === selector.path;
    case 'paths':
      return selector.paths.has(spec.rel);
    case 'shard':
      return spec.rel.slice(0, 2) === selector.shard;
    case 'group': {
      const g = spec.group;
      return !!g && g.typeHash === selector.typeHash && g.schemaVersion === selector.schemaVersion && (selector.kindsHash === undefined || g.kindsHash === selector.kindsHash);
    }
    case 'olderThan':
      return cachedAtUs !== undefined && cachedAtUs < selector.cutoffUs;
    case 'freshness':
      throw new Error('the stress writer keeps no event store: freshness purges are tested in purge.test.ts');
    case 'cachedAge':
    case 'audit':
      throw new Error(`the stress run purges by no ${selector.kind} selector (the overview's tree filters are tested in test/integration/overview.test.ts)`);
  }
}

function label(selector: Selector): string {
  switch (selector.kind) {
    case 'prefix':
      return `prefix 0x${selector.prefix.toString('hex')}`;
    case 'entity':
      return `entity 0x${selector.entity.toString('hex')}`;
    case 'entry':
      return `entry ${selector.path}`;
    case 'paths':
      return `${selector.paths.size} paths`;
    case 'shard':
      return `shard ${selector.shard}`;
    case 'group':
      return `group ${selector.typeHash.toString(16)}:${selector.schemaVersion}${selector.kindsHash === undefined ? '' : `:${selector.kindsHash.toString(16)}`}`;
    case 'olderThan':
      return `olderThan ${new Date(Number(selector.cutoffUs / 1000n)).toISOString()}`;
    case 'freshness':
      return `freshness ${selector.states.join(',')}`;
    case 'cachedAge':
    case 'audit':
      return selector.kind;
  }
}

export async function runStress(options: StressOptions): Promise<StressReport> {
  const started = performance.now();
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const graceMs = options.graceMs ?? 400;
  const random = prng(seed ^ 0x5eed);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bce-stress-'));
  const root = path.join(workDir, 'cache');
  const spyDir = path.join(workDir, 'deleted'); // same file system as the root: the capture is a rename
  const logPath = path.join(workDir, 'writer.log');
  fs.mkdirSync(root);
  fs.mkdirSync(spyDir);

  const specs = keySpace();
  const specByHex = new Map(specs.map((s) => [s.keyHex, s]));
  const entityList = entities().filter(options.entityFilter ?? (() => true));
  const shards = [...new Set(specs.map((s) => s.rel.slice(0, 2)))];
  const report: StressReport = {
    seed,
    ops: 0,
    opsByKind: {},
    writes: 0,
    orphans: 0,
    slowWrites: 0,
    writerFailed: 0,
    deletedByPurge: 0,
    deletedByRepair: 0,
    replacedWhileClaimed: 0,
    skipped: 0,
    claimedNotMatching: 0,
    bytesDrift: { ops: 0, bytes: 0 },
    recordsScanned: 0,
    wronglyLost: 0,
    violations: [],
    durationMs: 0,
    workDir,
  };
  const violation = (kind: Violation['kind'], loss: boolean, op: string, detail: string): void => {
    report.violations.push({ kind, loss, op, detail });
  };

  /** Versions the core deleted (rightly), temp files repair deleted, and (path|wm|ca|size) of every entry read. */
  const deletedVersions = new Map<number, Version>();
  const deletedTemps = new Set<string>();
  const observed = new Set<string>();
  let current: Op | undefined;

  // ---- The unlink wrapper ---------------------------------------------------------------------------------------
  const promises = fs.promises;
  const realUnlink = promises.unlink;
  const rootPrefix = root + path.sep;
  let spies = 0;
  async function capture(file: string): Promise<void> {
    const name = path.relative(root, file).split(path.sep).join('/');
    const spy = path.join(spyDir, String(++spies));
    await promises.rename(file, spy); // rejects exactly as unlink would when the name is gone (ENOENT)
    try {
      const stat = await promises.lstat(spy);
      if (stat.isDirectory()) {
        await promises.rename(spy, file);
        throw Object.assign(new Error(`EISDIR: illegal operation on a directory, unlink '${file}'`), { code: 'EISDIR' });
      }
      const bytes = stat.isFile() ? await promises.readFile(spy) : undefined;
      const entry: Captured = { name, bytes, nlink: stat.nlink, mtimeMs: stat.mtimeMs, at: Date.now() };
      if (CLAIMED_NAME.test(name) && bytes) {
        const version = parseVersion(bytes);
        const spec = version && specByHex.get(version.keyHex);
        if (spec) {
          const now = await promises.readFile(path.join(root, spec.rel)).catch(() => undefined);
          entry.atNameThen = now ? parseVersion(now)?.v : undefined;
        }
      }
      if (current) current.captured.push(entry);
      else violation('wrong-deletion', true, 'none', `${name} was deleted outside any operation`);
    } finally {
      await realUnlink(spy).catch(() => undefined);
    }
  }
  promises.unlink = async (target: fs.PathLike): Promise<void> => {
    const file = String(target);
    return file.startsWith(rootPrefix) ? capture(file) : realUnlink(target);
  };
  // Claims (an entry renamed to a private name to be checked) are counted with the version they took.
  const realRename = promises.rename;
  promises.rename = async (from: fs.PathLike, to: fs.PathLike): Promise<void> => {
    await realRename(from, to);
    const name = path.relative(root, String(to)).split(path.sep).join('/');
    if (current && CLAIMED_NAME.test(name)) {
      const bytes = await promises.readFile(String(to)).catch(() => undefined);
      current.claims.push(bytes ? parseVersion(bytes) : undefined);
    }
  };

  // ---- The writer -------------------------------------------------------------------------------------------------
  const writer = spawn(
    process.execPath,
    [path.join(__dirname, 'writer.js'), root, logPath, String(seed), String(options.orphanRate ?? 0.003), String(options.slowRate ?? 0.01), String(options.maxSlowMs ?? Math.floor(graceMs / 10)), String(options.prefill ?? 300)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise<number | null>((resolve) => writer.on('exit', (code) => resolve(code)));
  let writerDied = false;
  void exited.then(() => (writerDied = true));
  try {
    await ready(writer, exited);

    // ---- Operations -------------------------------------------------------------------------------------------
    const kinds = options.kinds ?? (Object.keys(WEIGHTS) as OpKind[]);
    const totalWeight = kinds.reduce((sum, k) => sum + WEIGHTS[k], 0);
    const chooseKind = (): OpKind => {
      let r = random() * totalWeight;
      for (const k of kinds) if ((r -= WEIGHTS[k]) < 0) return k;
      return kinds[kinds.length - 1];
    };
    const randomSelector = (kind: string): Selector => {
      switch (kind) {
        case 'prefix': {
          if (random() < 0.04) return { kind: 'prefix', prefix: Buffer.alloc(0) };
          const spec = pick(random, specs);
          const max = Math.max(1, Math.min(spec.key.length, (spec.entity?.length ?? spec.key.length) + 2));
          return { kind: 'prefix', prefix: spec.key.subarray(0, 1 + Math.floor(random() * max)) };
        }
        case 'entity':
          return { kind: 'entity', entity: pick(random, entityList) };
        case 'entry':
          return { kind: 'entry', path: pick(random, specs).rel };
        case 'shard':
          return { kind: 'shard', shard: random() < 0.1 ? Math.floor(random() * 256).toString(16).padStart(2, '0') : pick(random, shards) };
        case 'group': {
          const g = pick(random, GROUPS);
          return { kind: 'group', typeHash: g.typeHash, schemaVersion: g.schemaVersion, ...(random() < 0.5 ? { kindsHash: g.kindsHash } : {}) };
        }
        default: {
          const backMs = pick(random, [0, 20, 500, 3_600_000, 86_400_000, 48 * 3_600_000, 100 * 3_600_000]);
          return { kind: 'olderThan', cutoffUs: BigInt(Date.now() - backMs) * 1000n };
        }
      }
    };
    const specOf = (keyHex: string): KeySpec | undefined => specByHex.get(keyHex);

    const checkRecord = (op: Op, record: FileRecord): void => {
      report.recordsScanned++;
      if (record.kind === 'foreign') return violation('scan', false, op.label, `${record.path} reads as foreign (${record.reason})`);
      // A claim is an entry a purge running beside the scan holds for its last check.
      if (record.kind === 'temp' || record.kind === 'claim') return;
      if (record.status !== 'ok' || record.warnings.length > 0 || record.trailer?.format !== 'v2') {
        return violation('scan', false, op.label, `${record.path} reads as ${record.status} ${record.problem ?? ''} [${record.warnings.join(',')}]: a torn read`);
      }
      if (!specOf(record.keyHex)) return violation('scan', false, op.label, `${record.path} is not a key the writer writes`);
      observed.add(`${record.path}|${record.trailer.watermark}|${record.trailer.cachedAtUs}|${record.size}`);
    };

    const judge = (op: Op, summary: RemovalSummary, judgeAs: Selector | undefined, grace: number): void => {
      let deleted = 0;
      let bytes = 0;
      let replaced = 0;
      for (const c of op.captured) {
        if (TEMP_NAME.test(c.name)) {
          const ageMs = c.at - c.mtimeMs;
          if (op.kind !== 'repair') violation('wrong-deletion', true, op.label, `temp file ${c.name} deleted by a purge`);
          else if (ageMs < grace) violation('young-temp', true, op.label, `temp file ${c.name} deleted at ${Math.round(ageMs)} ms old (grace ${grace} ms)`);
          else {
            deleted++;
            bytes += c.bytes?.length ?? 0;
            deletedTemps.add(c.name);
          }
          continue;
        }
        const version = c.bytes && parseVersion(c.bytes);
        const spec = version && specOf(version.keyHex);
        if (!version || !spec) {
          violation('wrong-deletion', true, op.label, `${c.name} deleted: not an entry the writer completed (${c.bytes?.length ?? '?'} bytes)`);
          continue;
        }
        const claimed = CLAIMED_NAME.test(c.name);
        if (!claimed && c.name !== spec.rel) violation('wrong-deletion', true, op.label, `${c.name} held the bytes of ${spec.rel}`);
        if (c.nlink > 1) continue; // another name still holds this file (a claimed file put back): nothing is lost
        if (judgeAs && op.kind !== 'repair' && oracle(judgeAs, spec, version.cachedAtUs)) {
          deleted++;
          bytes += version.size;
          if (deletedVersions.has(version.v)) violation('count', false, op.label, `version ${version.v} of ${spec.rel} deleted twice`);
          deletedVersions.set(version.v, version);
        } else if (claimed && c.atNameThen !== undefined && c.atNameThen > version.v) {
          replaced++; // a newer write already took its name: dropping the claimed copy is what the rename did
        } else {
          violation('wrong-deletion', true, op.label, `${spec.rel} v${version.v} (cached_at ${version.cachedAtUs}) deleted but does not match`);
        }
      }
      report.replacedWhileClaimed += replaced;
      report.skipped += summary.skipped;
      if (op.kind === 'repair') report.deletedByRepair += deleted;
      else report.deletedByPurge += deleted;
      if (summary.failedCount !== 0) violation('error', false, op.label, `failedCount ${summary.failedCount}: ${JSON.stringify(summary.failed.slice(0, 3))}`);
      if (summary.cancelled) violation('count', false, op.label, 'reported cancelled');
      if (summary.deleted !== deleted) violation('count', false, op.label, `summary says ${summary.deleted} deleted, ${deleted} rightly left the disk`);
      // A name-based removal reports the size it saw just before the unlink; the writer may replace the file between.
      if (summary.bytes !== bytes) {
        report.bytesDrift.ops++;
        report.bytesDrift.bytes += Math.abs(summary.bytes - bytes);
      }
      if (judgeAs) {
        for (const claim of op.claims) {
          const spec = claim && specOf(claim.keyHex);
          if (!spec || !oracle(judgeAs, spec, claim.cachedAtUs)) report.claimedNotMatching++;
        }
      }
    };

    for (let index = 0; index < options.ops; index++) {
      if (writerDied) throw new Error('the writer exited early');
      const kind = chooseKind();
      const op: Op = { index, kind, label: `#${index} ${kind}`, captured: [], claims: [] };
      current = op;
      report.opsByKind[kind] = (report.opsByKind[kind] ?? 0) + 1;
      try {
        if (kind === 'walk') {
          const issues: string[] = [];
          for await (const record of walk(root, { concurrency: 1 + Math.floor(random() * 32), onIssue: (i) => issues.push(`${i.path}: ${i.code}`) })) checkRecord(op, record);
          if (issues.length > 0) violation('error', false, op.label, `issues: ${issues.join('; ')}`);
        } else if (kind === 'stats') {
          const s = await collectStats(root);
          const odd = { issues: s.issues.length, corrupt: s.corrupt, misplaced: s.misplaced, foreign: s.foreign, warnings: s.withWarnings, v1: s.trailers.v1, none: s.trailers.none };
          if (Object.values(odd).some((n) => n !== 0)) violation('scan', false, op.label, JSON.stringify(odd));
          if (s.ok !== s.entries || s.trailers.v2 !== s.entries) violation('scan', false, op.label, `ok ${s.ok}, v2 ${s.trailers.v2}, entries ${s.entries}`);
          report.recordsScanned += s.entries + s.temp.count;
        } else if (kind === 'query') {
          const selectors = Array.from({ length: Math.floor(random() * 3) }, () => randomSelector(pick(random, ['prefix', 'entity', 'shard', 'group', 'olderThan'])));
          const offset = random() < 0.5 ? 0 : Math.floor(random() * 100);
          const limit = 1 + Math.floor(random() * 200);
          op.label += ` [${selectors.map(label).join(', ')}] ${offset}+${limit}`;
          const listing = await listEntries(root, { selectors, layout: random() < 0.5 ? 'k2' : undefined });
          const page = await listing.page(offset, limit);
          if (page.length > limit || page.length > Math.max(0, listing.total - offset)) {
            violation('scan', false, op.label, `${page.length} entries for total ${listing.total}`);
          }
          for (const record of page) {
            checkRecord(op, record);
            const spec = specOf(record.keyHex);
            const miss = spec && selectors.find((s) => !oracle(s, spec, (record as EntryRecord).trailer?.cachedAtUs));
            if (miss) violation('scan', false, op.label, `${record.path} listed but does not match ${label(miss)}`);
          }
        } else if (kind === 'diagnose') {
          const d = await diagnose(root, { tempGraceMs: graceMs });
          const odd = { issues: d.issues.length, corrupt: d.categories.corrupt.count, misplaced: d.categories.misplaced.count, foreign: d.categories.foreign.count };
          if (Object.values(odd).some((n) => n !== 0)) violation('scan', false, op.label, JSON.stringify(odd));
        } else if (kind === 'repair') {
          const grace = options.sabotage?.repairGraceMs ?? graceMs;
          judge(op, await repair(root, { tempGraceMs: grace }), undefined, graceMs);
        } else {
          const selector = randomSelector(kind.slice('purge:'.length));
          const run = options.sabotage?.runAs?.(selector) ?? selector;
          op.label += ` ${label(selector)}`;
          if (random() < 0.5) {
            const plan = await planPurge(root, run);
            if (plan.unreadable.length > 0) violation('error', false, op.label, `plan: unreadable ${plan.unreadable.join(', ')}`);
            for (const sample of plan.sample) {
              const spec = specOf(sample.keyHex);
              if (!spec || (selector.kind !== 'olderThan' && !oracle(selector, spec, undefined))) violation('scan', false, op.label, `plan sample ${sample.path} does not match`);
            }
          }
          judge(op, await executePurge(root, run), selector, graceMs);
        }
      } catch (error) {
        violation('error', false, op.label, `threw: ${(error as Error).stack ?? String(error)}`);
      }
      current = undefined;
      report.ops++;
      options.onProgress?.(report.ops, options.ops);
    }
  } finally {
    current = undefined;
    promises.unlink = realUnlink;
    promises.rename = realRename;
    writer.stdin?.end();
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 20_000)))]);
    clearTimeout(timer);
    if (code === 'timeout') {
      writer.kill('SIGKILL');
      violation('writer', false, 'end', 'the writer did not stop');
    } else if (code !== 0) {
      violation('writer', false, 'end', `the writer exited with ${code}`);
    }
  }

  finalCheck(root, logPath, report, specByHex, deletedVersions, deletedTemps, observed, violation);
  report.wronglyLost = report.violations.filter((v) => v.loss).length;
  report.durationMs = performance.now() - started;
  if (report.violations.length === 0 && !options.keep) fs.rmSync(workDir, { recursive: true, force: true });
  return report;
}

function ready(writer: ChildProcess, exited: Promise<number | null>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let text = '';
    writer.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('ready\n')) resolve();
    });
    void exited.then((code) => reject(new Error(`the writer exited with ${code} before it was ready`)));
  });
}

/** After the writer stopped: its log against every deletion seen, every entry read, and what is left on disk. */
function finalCheck(
  root: string,
  logPath: string,
  report: StressReport,
  specByHex: Map<string, KeySpec>,
  deletedVersions: Map<number, Version>,
  deletedTemps: Set<string>,
  observed: Set<string>,
  violation: (kind: Violation['kind'], loss: boolean, op: string, detail: string) => void,
): void {
  const written = new Map<number, { p: string; wm: string; ca: string; sz: number }>();
  const lastByPath = new Map<string, number>();
  const orphans = new Set<string>();
  const logged = new Set<string>();
  let ended = false;
  for (const line of fs.readFileSync(logPath, 'utf8').split('\n')) {
    if (!line) continue;
    const entry = JSON.parse(line) as { t: string; v: number; p: string; wm: string; ca: string; sz: number; writes: number; orphans: number; slow: number; failed: number };
    if (entry.t === 'w') {
      written.set(entry.v, entry);
      lastByPath.set(entry.p, entry.v);
      logged.add(`${entry.p}|${entry.wm}|${entry.ca}|${entry.sz}`);
    } else if (entry.t === 'o') {
      orphans.add(entry.p);
    } else if (entry.t === 'f') {
      violation('writer', true, 'writer', `a write in progress failed: its temp file ${entry.p} was deleted under it`);
    } else if (entry.t === 'end') {
      ended = true;
      Object.assign(report, { writes: entry.writes, orphans: entry.orphans, slowWrites: entry.slow, writerFailed: entry.failed });
    }
  }
  if (!ended) violation('writer', false, 'end', 'the writer log has no end line');

  for (const [v, version] of deletedVersions) {
    const w = written.get(v);
    const rel = specByHex.get(version.keyHex)?.rel;
    if (!w || w.p !== rel || w.wm !== version.watermark.toString() || w.ca !== version.cachedAtUs.toString() || w.sz !== version.size) {
      violation('wrong-deletion', true, 'end', `deleted bytes of v${v} (${rel}) are not a version the writer completed`);
    }
  }
  for (const tuple of observed) if (!logged.has(tuple)) violation('scan', false, 'end', `read ${tuple}: not a version the writer completed (torn read)`);

  const present = new Set<string>();
  for (const dir of fs.readdirSync(root)) {
    const dirPath = path.join(root, dir);
    if (!fs.lstatSync(dirPath).isDirectory()) {
      violation('leftover', false, 'end', `${dir} in the root`);
      continue;
    }
    for (const name of fs.readdirSync(dirPath)) {
      const rel = `${dir}/${name}`;
      if (TEMP_NAME.test(rel)) {
        if (!orphans.has(rel)) violation('leftover', false, 'end', `temp file ${rel} is not one the writer abandoned`);
        present.add(rel);
        continue;
      }
      const version = parseVersion(fs.readFileSync(path.join(dirPath, name)));
      const last = lastByPath.get(rel);
      if (last === undefined) violation('leftover', false, 'end', `${rel} left in the root`);
      else if (version?.v !== last) violation('stale-content', true, 'end', `${rel} holds v${version?.v}, the writer's last version is v${last}`);
      present.add(rel);
    }
  }
  for (const [rel, last] of lastByPath) {
    if (!present.has(rel) && !deletedVersions.has(last)) violation('lost', true, 'end', `${rel}: the writer's last version v${last} is gone, and no operation rightly deleted it`);
  }
  for (const rel of orphans) {
    if (!present.has(rel) && !deletedTemps.has(rel)) violation('lost', true, 'end', `abandoned temp file ${rel} is gone, and no repair rightly deleted it`);
  }
}

/** One line per figure, for `npm run stress` and for test output. */
export function formatReport(report: StressReport): string {
  const kinds = Object.entries(report.opsByKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const rows: Array<[string, string]> = [
    ['operations beside the live writer', `${report.ops} (${kinds})`],
    ['files written by the writer', `${report.writes} renames, ${report.slowWrites} of them slow; ${report.orphans} temp files abandoned mid-write`],
    ['writer throughput', `${Math.round(report.writes / (report.durationMs / 1000))} renames/s`],
    ['records read by scans and listings', String(report.recordsScanned)],
    ['deleted by purges (each matched its selector)', String(report.deletedByPurge)],
    ['temp files deleted by repairs (each older than the grace)', String(report.deletedByRepair)],
    ['claimed, then dropped for a newer write', String(report.replacedWhileClaimed)],
    ['skipped (vanished, changed or not matching when reached)', String(report.skipped)],
    ['entries claimed by an age purge that did not match', String(report.claimedNotMatching)],
    ['summary bytes off (a file replaced just before its unlink)', `${report.bytesDrift.bytes} bytes in ${report.bytesDrift.ops} purges`],
    ['writes failed (a write in progress deleted)', String(report.writerFailed)],
    ['files wrongly lost', String(report.wronglyLost)],
    ['violations of any kind', String(report.violations.length)],
    ['time', `${(report.durationMs / 1000).toFixed(1)} s (seed ${report.seed})`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
}
