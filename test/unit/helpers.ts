/** Shared test helpers: the real fixtures, copied into fresh temporary directories. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isSafeNumber, parse } from 'lossless-json';

/** The repository root (tests run compiled from out/test/unit, sources live in test/unit). */
export const repoRoot = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
})();

export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');

/**
 * Every scenario folder that has a manifest, e.g. `cache-0.3.0/basic`. Throws when there is none: the suites built
 * from this list would otherwise vanish without a word.
 */
export function scenarios(dir = fixturesDir): string[] {
  const found = fs
    .readdirSync(dir)
    .filter((set) => set.startsWith('cache-'))
    .flatMap((set) => fs.readdirSync(path.join(dir, set)).map((name) => `${set}/${name}`))
    .filter((scenario) => fs.existsSync(path.join(dir, scenario, 'manifest.json')))
    .sort();
  if (found.length === 0) throw new Error(`no fixture scenario (cache-*/<name>/manifest.json) under ${dir}`);
  return found;
}

/** Manifests hold u64 values (watermarks up to 2^64-1): numbers beyond 2^53 are kept as their decimal text. */
export function readManifest(scenario: string): Manifest {
  const text = fs.readFileSync(path.join(fixturesDir, scenario, 'manifest.json'), 'utf8');
  return parse(text, undefined, (digits) => (isSafeNumber(digits) ? Number(digits) : digits)) as Manifest;
}

/** A fresh temporary directory, removed after the current test run. */
export function tempDir(prefix = 'bce-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

const created: string[] = [];
process.on('exit', () => {
  for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
});

/** Copies `<scenario>/<sub>` (default the cache root) into a fresh temporary directory and returns the copy's path. */
export function copyFixture(scenario: string, sub = 'cache'): string {
  const target = path.join(tempDir(), sub);
  fs.cpSync(path.join(fixturesDir, scenario, sub), target, { recursive: true });
  return target;
}

/** Every file under a root, as sorted `/`-separated relative paths. */
export function listFiles(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

export interface ManifestFile {
  path: string;
  kind: 'cache_entry' | 'orphan_tempfile';
  status?: string;
  file_len: number;
  key_hex?: string;
  key?: {
    entity_hex?: string;
    entity_utf8?: string;
    type_disc_u64_hex?: string;
    schema_version?: number;
    relevant_kinds_hash_u64_hex?: string;
    projection_type?: string;
    parse_error?: string;
    store_shaped?: boolean;
  };
  trailer_hex?: string;
  trailer_kind?: string;
  watermark?: number | string | null;
  cached_at_us?: number | string | null;
  cached_at_mono_ns?: number | string | null;
  process_boot_ns?: number | string | null;
  value_hex?: string;
  value_utf8?: string;
  value_sha256?: string;
  value_omitted?: string;
  value_is_json?: boolean;
  value_format?: string;
  value_decode_error?: string;
  batpak_native_cache_get: { outcome: { result: string } | string };
  /** The entity's watermark in the scenario's store for this projection, and whether this entry is behind it. */
  current_watermark?: number | null;
  stale_vs_store?: boolean;
}

export interface DeletePrefixOp {
  op: string;
  prefix_hex: string;
  removed_files: string[];
  returned_count?: number;
}

export interface Manifest {
  files: ManifestFile[];
  /** The projections the scenario ran; no relevant kinds means every kind. */
  projection_types?: Array<{ type_disc_u64_hex: string; relevant_event_kinds: string[] }>;
  /** delete_prefix calls, and the events appended after caching (entity, kind as `0x…`, global sequence). */
  operations: Array<Partial<DeletePrefixOp> & { op: string; entity?: string; kind?: string; global_sequence?: number }>;
  /** Every Store::project() call the scenario made, by entity. */
  project_calls?: Array<{ entity: string }>;
  extra: { delete_prefix_oracle?: DeletePrefixOp[]; cache_before_files?: string[] };
}
