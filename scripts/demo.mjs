// The demo workspace that `npm start` opens and the README's pictures show: real caches written by batpak, from
// test/fixtures, and beside one of them the event store it was computed from, so the tree can tell stale entries.
// One entry is left as an interrupted purge leaves it (claimed), for the Problems node and Repair to show.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './vscode-host/paths.mjs';

const fixtures = path.join(repoRoot, 'test', 'fixtures');

/**
 * user:émile's account projection, claimed as a purge killed mid-way leaves it: its name is what claimName
 * (src/core/names.ts) makes, a random part and the key in base64url.
 */
const CLAIMED = {
  target: 'svc/events-cache',
  entry: '75/757365723ac3a96d696c6500e266589033de81120000000000000000459ec758b6ac60bd.bin',
  claim: `75/.batpak-explorer-3f9a1c0b2d4e-${Buffer.from('757365723ac3a96d696c6500e266589033de81120000000000000000459ec758b6ac60bd', 'hex').toString('base64url')}.removing`,
};

export const DEMO = [
  { target: 'svc/events-cache', scenario: 'cache-0.6-c940fd5c/delete_prefix', part: 'cache' },
  { target: 'svc/events', scenario: 'cache-0.6-c940fd5c/delete_prefix', part: 'store' },
  { target: 'app/cache', scenario: 'cache-0.3.0/mixed', part: 'cache' },
];

/** Copies the demo into `workspace`, keeping directories already there unless `fresh`. */
export function placeDemo(workspace, { fresh = false } = {}) {
  for (const { target, scenario, part } of DEMO) {
    const dest = path.join(workspace, target);
    if (fresh) rmSync(dest, { recursive: true, force: true });
    else if (existsSync(dest)) continue;
    cpSync(path.join(fixtures, scenario, part), dest, { recursive: true });
    // A checkout stamps every file with the checkout time; give them back the time batpak wrote them, so the orphaned
    // temp files look as old as they are and Repair treats them as orphans.
    const manifest = JSON.parse(readFileSync(path.join(fixtures, scenario, 'manifest.json'), 'utf8'));
    const written = new Date(manifest.provenance.generated_at_unix_us / 1000);
    for (const file of readdirSync(dest, { recursive: true })) utimesSync(path.join(dest, file), written, written);
    if (target === CLAIMED.target) renameSync(path.join(dest, CLAIMED.entry), path.join(dest, CLAIMED.claim));
  }
}

/** `batpakCache.groupNames` for svc/events-cache: its projection groups named as the manifest of its scenario lists them. */
export function demoGroupNames() {
  const manifest = JSON.parse(readFileSync(path.join(fixtures, DEMO[0].scenario, 'manifest.json'), 'utf8'));
  return Object.fromEntries(manifest.projection_types.map((t) => [`${t.type_disc_u64_hex}:${t.schema_version}:${t.relevant_kinds_hash_u64_hex}`, t.name]));
}

/**
 * Writes the workspace's .vscode/settings.json, unless there is one, naming the demo's projection groups (the CLI finds
 * them there, as the extension does).
 */
export function placeDemoSettings(workspace) {
  const file = path.join(workspace, '.vscode', 'settings.json');
  if (existsSync(file)) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ 'batpakCache.groupNames': demoGroupNames() }, null, 2)}\n`);
}
