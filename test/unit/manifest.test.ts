/**
 * The core against batpak's own output: every file of every fixture manifest decodes to what batpak wrote and did,
 * and every recorded delete_prefix call is reproduced file for file.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeValue, executePurge, FileRecord, inspectFile, keyToJson, walk } from '../../src/core';
import { copyFixture, DeletePrefixOp, fixturesDir, listFiles, ManifestFile, readManifest, scenarios, tempDir } from './helpers';

const text = (value: unknown): string | null => (value === null || value === undefined || value === 'None' ? null : String(value));

function batpakReturnedValue(file: ManifestFile): boolean {
  const outcome = file.batpak_native_cache_get.outcome;
  return typeof outcome === 'object' && outcome.result === 'Some';
}

function checkEntry(file: ManifestFile, record: FileRecord, value: Buffer | null): void {
  assert.equal(record.kind, 'entry', file.path);
  if (record.kind !== 'entry') return;
  assert.equal(record.keyHex, file.key_hex, `${file.path}: key hex`);
  assert.equal(record.size, file.file_len, `${file.path}: size`);
  // A file is ok exactly when batpak's get() returned a value for it.
  assert.equal(record.status === 'ok', batpakReturnedValue(file), `${file.path}: status ${record.status} vs batpak ${file.status}`);

  const key = keyToJson(record.key);
  if (file.key?.store_shaped === false || file.key?.parse_error) {
    assert.equal(key.layout, 'raw', `${file.path}: raw key`);
  } else {
    assert.equal(key.entityHex, file.key?.entity_hex, `${file.path}: entity`);
    assert.equal(key.entity, file.key?.entity_utf8 ?? null, `${file.path}: entity text`);
    assert.equal(key.typeHash, file.key?.type_disc_u64_hex, `${file.path}: type hash`);
    assert.equal(key.schemaVersion, String(file.key?.schema_version), `${file.path}: schema`);
    assert.equal(key.kindsHash, file.key?.relevant_kinds_hash_u64_hex ?? null, `${file.path}: kinds hash`);
  }

  if (!batpakReturnedValue(file)) {
    assert.equal(record.trailer, null, `${file.path}: corrupt files have no trailer`);
    assert.equal(record.problem, 'too-short');
    return;
  }
  const trailer = record.trailer;
  assert.ok(trailer, `${file.path}: trailer`);
  assert.equal(trailer.watermark.toString(), text(file.watermark), `${file.path}: watermark`);
  assert.equal(trailer.cachedAtUs.toString(), text(file.cached_at_us), `${file.path}: cached_at_us`);
  const v2 = file.trailer_kind === '40-byte+magic';
  assert.equal(trailer.format, v2 ? 'v2' : 'v1', `${file.path}: trailer format`);
  if (v2) {
    assert.equal(trailer.cachedAtMonoNs?.toString(), text(file.cached_at_mono_ns), `${file.path}: mono`);
    assert.equal(trailer.processBootNs?.toString(), text(file.process_boot_ns), `${file.path}: boot`);
  }
  const year = new Date(Number(BigInt(String(file.cached_at_us)) / 1000n)).getUTCFullYear();
  assert.equal(record.warnings.includes('cached-at-implausible'), !(year >= 2000 && year < 2200), `${file.path}: implausible cached-at flagged`);

  assert.ok(value, `${file.path}: value`);
  if (file.value_hex !== undefined) assert.equal(value.toString('hex'), file.value_hex, `${file.path}: value bytes`);
  else if (file.value_utf8 !== undefined) assert.equal(value.toString('utf8'), file.value_utf8, `${file.path}: value text`);
  else assert.equal(createHash('sha256').update(value).digest('hex'), file.value_sha256, `${file.path}: value sha256`);

  const decoded = decodeValue(value);
  const isJson = file.value_is_json ?? (file.value_decode_error ? false : file.value_format === undefined ? undefined : file.value_format === 'json');
  if (isJson === true) {
    assert.equal(decoded.format, 'json', `${file.path}: JSON value`);
    // serde_json's compact output round-trips byte for byte: every number keeps its digits.
    if (value.length < 65536) assert.equal(decoded.json, value.toString('utf8'), `${file.path}: exact JSON`);
  } else if (isJson === false) {
    assert.notEqual(decoded.format, 'json', `${file.path}: not JSON`);
  }
}

describe('fixtures: the scenarios the suites are built from', () => {
  it('are found for both batpak versions, and a folder without any fails loudly instead of leaving no tests', () => {
    const sets = new Set(scenarios().map((scenario) => scenario.split('/')[0]));
    assert.deepEqual([...sets].sort(), ['cache-0.3.0', 'cache-0.6-c940fd5c']);
    const empty = tempDir();
    fs.mkdirSync(path.join(empty, 'cache-0.3.0', 'basic'), { recursive: true });
    assert.throws(() => scenarios(empty), /no fixture scenario/);
  });
});

describe('fixtures: every file decodes as batpak wrote it', () => {
  for (const scenario of scenarios()) {
    it(scenario, async () => {
      const manifest = readManifest(scenario);
      const root = path.join(fixturesDir, scenario, 'cache');
      const records = new Map<string, FileRecord>();
      for await (const record of walk(root)) records.set(record.path, record);
      assert.deepEqual([...records.keys()].sort(), manifest.files.map((f) => f.path).sort(), 'the scan finds exactly the manifest files');
      for (const file of manifest.files) {
        const record = records.get(file.path);
        assert.ok(record, file.path);
        if (file.kind === 'orphan_tempfile') {
          assert.equal(record.kind, 'temp', file.path);
          continue;
        }
        checkEntry(file, record, (await inspectFile(path.join(root, file.path))).value);
      }
    });
  }
});

function checkDeletePrefix(root: string, before: string[], op: DeletePrefixOp): Promise<void> {
  return executePurge(root, { kind: 'prefix', prefix: Buffer.from(op.prefix_hex, 'hex') }).then((summary) => {
    const removed = new Set(op.removed_files);
    assert.deepEqual(listFiles(root), before.filter((f) => !removed.has(f)), `prefix ${op.prefix_hex}: the files batpak left`);
    assert.equal(summary.deleted, op.removed_files.length, `prefix ${op.prefix_hex}: count`);
    assert.equal(summary.failedCount, 0);
  });
}

describe('fixtures: purging a prefix leaves exactly what batpak delete_prefix left', () => {
  for (const scenario of scenarios()) {
    const manifest = readManifest(scenario);
    for (const op of manifest.extra.delete_prefix_oracle ?? []) {
      it(`${scenario}: oracle prefix ${JSON.stringify(Buffer.from(op.prefix_hex, 'hex').toString('latin1'))}`, async () => {
        const root = copyFixture(scenario);
        await checkDeletePrefix(root, listFiles(root), op);
      });
    }
    const calls = manifest.operations.filter((op): op is DeletePrefixOp => op.op === 'NativeCache::delete_prefix');
    // Calls listed with their files ran in sequence on cache_before/; a call on a scratch copy lists only a count.
    const sequence = calls.filter((op) => Array.isArray(op.removed_files));
    for (const op of calls.filter((call) => !Array.isArray(call.removed_files))) {
      it(`${scenario}: delete_prefix ${JSON.stringify(op.prefix_hex)} on a scratch copy of cache_before/`, async () => {
        const root = copyFixture(scenario, 'cache_before');
        const summary = await executePurge(root, { kind: 'prefix', prefix: Buffer.from(op.prefix_hex, 'hex') });
        assert.equal(summary.deleted, op.returned_count);
        assert.deepEqual(listFiles(root).filter((f) => f.endsWith('.bin')), []);
      });
    }
    if (sequence.length > 0 && fs.existsSync(path.join(fixturesDir, scenario, 'cache_before'))) {
      it(`${scenario}: ${sequence.length} delete_prefix calls in sequence on cache_before/`, async () => {
        const root = copyFixture(scenario, 'cache_before');
        for (const op of sequence) await checkDeletePrefix(root, listFiles(root), op);
        assert.deepEqual(listFiles(root), listFiles(path.join(fixturesDir, scenario, 'cache')), 'ends as batpak left cache/');
      });
    }
  }
  it('the empty prefix removes every entry, 00/.bin included, and no temp file', async () => {
    const root = copyFixture('cache-0.6-c940fd5c/adversarial');
    const summary = await executePurge(root, { kind: 'prefix', prefix: Buffer.alloc(0) });
    assert.deepEqual(listFiles(root), ['61/.tmpFNHM6c']);
    assert.equal(summary.deleted, readManifest('cache-0.6-c940fd5c/adversarial').files.filter((f) => f.kind === 'cache_entry').length);
    assert.ok(fs.existsSync(path.join(root, '00')), 'shard directories stay, as batpak leaves them');
  });
});
