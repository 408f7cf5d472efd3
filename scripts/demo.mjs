// The demo workspace that `npm start` opens and the README's pictures show: real caches written by batpak, from
// test/fixtures, and beside one of them the event store it was computed from, so the tree can tell stale entries.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './vscode-host/paths.mjs';

const fixtures = path.join(repoRoot, 'test', 'fixtures');

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
