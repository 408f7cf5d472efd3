/**
 * The replay row of `npm run bench` (issue #14 §4): `batpak-cache verify` over a root of 20 projection groups per
 * entity of the events bench's store (10,000 entries at 50,000 events), with a replayer that does next to nothing
 * (bench/countingReplayer.mjs, event counts), so the time is ours: the scan, each entity's events read and encoded,
 * the requests written and the answers parsed and compared. The replayer reports its own busy time; ours is the rest,
 * per entry. Baseline in the same run: `batpak-cache ls --json` on the same root (the scan alone).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeStoreKey, encodeTrailer, entryPath, readStore, toHex, ALL_KINDS_HASH } from '../src/core';
import { repoRoot } from './config';
import { ensureEventStore } from './eventStore';
import { measure } from './measure';
import { alignRows, fmtMs, fmtX, median } from './samples';

const GROUPS = 20;
const TYPE_HASH = 0x5e1ec7ed00c0ffeen;
const cliScript = path.join(repoRoot, 'dist', 'cli.js');
const replayerScript = path.join(repoRoot, 'bench', 'countingReplayer.mjs');

export interface ReplayRow {
  entries: number;
  events: number;
  runs: number;
  verifyMs: number | null;
  replayerMs: number | null;
  oursMs: number | null;
  lsMs: number | null;
}

/** Writes the root (once per store) beside the store: every entity's count at its last event, in each group. */
function ensureRoot(storeDir: string): { root: string; entries: number } {
  const root = path.join(path.dirname(storeDir), `verify-root-${GROUPS}`);
  const done = path.join(root, '.entries');
  if (fs.existsSync(done)) return { root, entries: Number(fs.readFileSync(done, 'utf8')) };
  fs.rmSync(root, { recursive: true, force: true });
  let entries = 0;
  for (const [hex, history] of readStore(storeDir).entities) {
    const watermark = BigInt(history.sequences[history.sequences.length - 1]);
    const value = Buffer.from(String(history.sequences.length));
    const trailer = encodeTrailer({ format: 'v2', watermark, cachedAtUs: 1_704_067_200_000_000n, cachedAtMonoNs: 1n, processBootNs: 1n });
    for (let schema = 0; schema < GROUPS; schema++) {
      const file = path.join(root, entryPath(toHex(encodeStoreKey(Buffer.from(hex, 'hex'), TYPE_HASH, BigInt(schema), ALL_KINDS_HASH))));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, Buffer.concat([value, trailer]));
      entries++;
    }
  }
  fs.writeFileSync(done, String(entries));
  return { root, entries };
}

export function runReplayBench(sizes: readonly number[], runs: number, log: (line: string) => void, problems: string[]): ReplayRow[] {
  return sizes.map((events) => {
    const { dir } = ensureEventStore(events, 'closed', log);
    const { root, entries } = ensureRoot(dir);
    log(`\nverify: ${entries.toLocaleString('en-US')} entries against ${events.toLocaleString('en-US')} events: ${root}`);
    const verify: number[] = [];
    const replayer: number[] = [];
    const ls: number[] = [];
    for (let run = 0; run < runs; run++) {
      const measured = measure(process.execPath, [cliScript, 'verify', root, '--store', dir, '--replayer', `'${process.execPath}' '${replayerScript}' ${GROUPS} ${TYPE_HASH.toString(16)}`, '--json'], { captureStdout: true });
      const lines = measured.stdout.split('\n').filter(Boolean);
      const matched = lines.filter((line) => line.includes('"result":"match"')).length;
      if (measured.status !== 0 || matched !== entries) problems.push(`verify ${events}: exit ${measured.status}, ${matched} of ${entries} matched: ${measured.stderr.trim().slice(0, 300)}`);
      const busy = /\{"replayerBusyMs":([\d.]+)\}/.exec(measured.stderr);
      verify.push(measured.wallMs);
      if (busy) replayer.push(Number(busy[1]));
      ls.push(measure(process.execPath, [cliScript, 'ls', root, '--json'], { captureStdout: true }).wallMs);
      log(`  run ${run + 1}/${runs}: verify ${fmtMs(measured.wallMs)} ms, replayer busy ${busy ? fmtMs(Number(busy[1])) : '-'} ms, ls ${fmtMs(ls[ls.length - 1])} ms`);
    }
    const verifyMs = median(verify);
    const replayerMs = median(replayer);
    return { entries, events, runs, verifyMs, replayerMs, oursMs: verifyMs !== null && replayerMs !== null ? verifyMs - replayerMs : null, lsMs: median(ls) };
  });
}

export function renderReplayTable(rows: readonly ReplayRow[]): string[] {
  const header = ['entries', 'events', 'runs', 'verify ms', 'replayer ms', 'ours ms', 'ours µs/entry', 'ls ms', 'verify/ls'];
  const cells = rows.map((r) => [
    r.entries.toLocaleString('en-US'),
    r.events.toLocaleString('en-US'),
    String(r.runs),
    fmtMs(r.verifyMs),
    fmtMs(r.replayerMs),
    fmtMs(r.oursMs),
    r.oursMs === null ? '-' : Math.round((r.oursMs * 1000) / r.entries).toLocaleString('en-US'),
    fmtMs(r.lsMs),
    fmtX(r.verifyMs !== null && r.lsMs ? r.verifyMs / r.lsMs : null),
  ]);
  return alignRows([header, ...cells], new Set());
}

export const REPLAY_NOTE =
  'verify: batpak-cache verify over 20 projection groups per entity of the events store (every entry a match), with a replayer that counts events; replayer ms = the CPU time the replayer process used (its own clock), ours = verify − replayer: scanning, reading each entity\'s events, writing requests, parsing and comparing answers, and the pipe; ls = batpak-cache ls --json on the same root, the baseline of the same run.';
