/**
 * The CLI's value features on fresh copies of batpak's fixtures, checked against the manifests: `export` (every value
 * byte for byte), `ls --where` and `purge --where` (what the decoded values imply), `diff`, and `--names`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CacheInputError, entryFixture, scanValues, ValueQuery, writeFixture } from '../../src/core';
import { emptyRoot, writeEntry } from './builders';
import { byPath, ndjson, run, runOk } from './cliRun';
import { checkExport, decoded, rawValue } from './exportCheck';
import { copyFixture, listFiles, ManifestFile, readManifest, scenarios, tempDir } from './helpers';

const BASIC = 'cache-0.6-c940fd5c/basic';
const ADVERSARIAL = 'cache-0.6-c940fd5c/adversarial';

const entriesWithValues = (scenario: string): ManifestFile[] => readManifest(scenario).files.filter((f) => f.kind === 'cache_entry' && f.value_omitted === undefined);

describe('batpak-cache export', function () {
  this.timeout(60_000);

  for (const scenario of scenarios()) {
    it(`${scenario}: one line per entry in path order, every value byte for byte as the manifest records it`, () => {
      checkExport(scenario, runOk(['export', copyFixture(scenario)]).stdout);
    });
  }

  it('keeps every number as written (-3.0, u64) and embeds a value across lines on one line', () => {
    const root = emptyRoot();
    writeEntry(root, { entity: 'n:1', value: '{\n  "a": -3.0,\n  "b": 18446744073709551615\n}' });
    const [line] = runOk(['export', root]).stdout.split('\n');
    assert.equal(rawValue(line), '{"a":-3.0,"b":18446744073709551615}');
  });

  it('--out writes the same lines to a file; refuses the cache root and an existing file unless --force', () => {
    const root = copyFixture(BASIC);
    const expected = runOk(['export', root, '--entity', 'account:1']).stdout;
    const count = readManifest(BASIC).files.filter((f) => f.key?.entity_utf8 === 'account:1').length;
    const out = path.join(tempDir(), 'account1.ndjson');
    const written = runOk(['export', root, '--entity', 'account:1', '--out', out]);
    assert.equal(fs.readFileSync(out, 'utf8'), expected);
    assert.equal(written.stderr, `Exported ${count} entries (${(Buffer.byteLength(expected) / 1024).toFixed(1)} KB) to ${out}\n`);
    fs.writeFileSync(out, 'keep me');
    const again = run(['export', root, '--out', out]);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /exists: pass --force/);
    assert.equal(fs.readFileSync(out, 'utf8'), 'keep me');
    runOk(['export', root, '--entity', 'account:1', '--out', out, '--force']);
    assert.equal(fs.readFileSync(out, 'utf8'), expected);
    const before = listFiles(root);
    const inside = run(['export', root, '--out', path.join(root, '61', 'export.ndjson')]);
    assert.equal(inside.status, 2);
    assert.match(inside.stderr, /inside the cache root/);
    assert.deepEqual(listFiles(root), before, 'nothing written into the root');
    assert.deepEqual(fs.readdirSync(path.dirname(out)), ['account1.ndjson'], 'no partial file left');
  });
});

describe('--where (query by value)', function () {
  this.timeout(60_000);

  const cases: Array<{ query: string; implied: (value: unknown) => boolean }> = [
    { query: '{"balance_cents": {"$gt": 200000}}', implied: (v) => typeof (v as { balance_cents?: unknown })?.balance_cents === 'bigint' && (v as { balance_cents: bigint }).balance_cents > 200000n },
    { query: '{"recent.kind": "0x2002"}', implied: (v) => Array.isArray((v as { recent?: unknown })?.recent) && (v as { recent: Array<{ kind?: unknown }> }).recent.some((r) => r?.kind === '0x2002') },
    // Integers that are the same double: only an exact comparison keeps 17530380638161993800 and leaves ...799 out.
    { query: '{"$gt": 17530380638161993799}', implied: (v) => typeof v === 'bigint' && v > 17530380638161993799n },
    { query: '{"checksum": 12638153115695167476}', implied: (v) => (v as { checksum?: unknown })?.checksum === 12638153115695167476n },
  ];
  const implied = (scenario: string, query: string): string[] => {
    const test = cases.find((c) => c.query === query)?.implied as (value: unknown) => boolean;
    return entriesWithValues(scenario).filter((f) => f.status !== 'corrupt_short' && test(decoded(f))).map((f) => f.path).sort(byPath);
  };
  /** Paths the manifest has a value for: entries whose value it left out (a 2 MiB one) cannot be judged from it. */
  const judged = (scenario: string, paths: string[]): string[] => {
    const known = new Set(entriesWithValues(scenario).map((f) => f.path));
    return paths.filter((p) => known.has(p));
  };

  for (const scenario of [BASIC, ADVERSARIAL, 'cache-0.3.0/adversarial', 'cache-0.6-c940fd5c/corrupt']) {
    it(`${scenario}: the core's scan finds what the manifest's values imply, for each query`, async () => {
      const root = copyFixture(scenario);
      for (const { query } of cases) {
        const found: string[] = [];
        for await (const content of scanValues(root, { where: ValueQuery.parse(query) })) found.push(content.record.path);
        assert.deepEqual(judged(scenario, found), implied(scenario, query), query);
      }
    });
  }

  for (const [scenario, query] of [
    [BASIC, cases[1].query],
    [ADVERSARIAL, cases[2].query],
  ]) {
    it(`${scenario}: ls --where ${query} lists what the manifest's values imply`, () => {
      const listed = ndjson(runOk(['ls', copyFixture(scenario), '--where', query, '--json']).stdout).map((o) => o.path as string);
      assert.ok(implied(scenario, query).length > 0, 'the query finds something');
      assert.deepEqual(judged(scenario, listed), implied(scenario, query));
    });
  }

  it('combines with the key selectors, and purge --where deletes exactly what the preview counted', () => {
    const root = copyFixture(BASIC);
    const query = '{"balance_cents": {"$gt": 200000}}';
    const listed = ndjson(runOk(['ls', root, '--prefix', 'account:1', '--where', query, '--json']).stdout).map((o) => o.path);
    assert.equal(listed.length, 2, 'account:10 and account:11');
    const before = listFiles(root);
    const plan = JSON.parse(runOk(['purge', root, '--where', query, '--dry-run', '--json']).stdout) as { plan: { count: number; selector: string } };
    assert.deepEqual([plan.plan.count, plan.plan.selector], [3, `every entry whose value matches ${query}`]);
    const done = JSON.parse(runOk(['purge', root, '--prefix', 'account:1', '--where', query, '--yes', '--json']).stdout) as { summary: { deleted: number } };
    assert.equal(done.summary.deleted, 2);
    assert.deepEqual(listFiles(root), before.filter((file) => !listed.includes(file)));
  });

  it('a query that does not parse is bad input (exit 2) shown with where it goes wrong', () => {
    const root = copyFixture(BASIC);
    const before = listFiles(root);
    for (const args of [['ls', root], ['purge', root, '--yes'], ['export', root]]) {
      const result = run([...args, '--where', '{"balance_cents": {"$lt": 0}']);
      assert.equal(result.status, 2, args[0]);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^error: --where: The query is not JSON: .* at position 28\.\n {2}\{"balance_cents": \{"\$lt": 0\}\n {30}\^\n/);
    }
    assert.equal(run(['ls', root, '--where', '{"$where": "sleep()"}']).status, 2);
    assert.deepEqual(listFiles(root), before);
  });
});

describe('batpak-cache diff', function () {
  this.timeout(60_000);

  const entry = (scenario: string, entity: string, typeHash: string): { path: string; file: ManifestFile } => {
    const file = readManifest(scenario).files.find((f) => f.key?.entity_utf8 === entity && f.key?.type_disc_u64_hex === typeHash) as ManifestFile;
    return { path: file.path, file };
  };

  it("two fixture entries: the changed paths with both values are what their manifest values imply; exit 1", () => {
    const root = copyFixture(BASIC);
    const a = entry(BASIC, 'account:1', '0x4977371ba184a5e8');
    const b = entry(BASIC, 'account:10', '0x4977371ba184a5e8');
    const result = run(['diff', path.join(root, a.path), path.join(root, b.path), '--json']);
    assert.equal(result.status, 1, result.stderr);
    const out = JSON.parse(result.stdout) as { same: boolean; comparedAs: string; changes: Array<{ path: string; a: unknown; b: unknown }>; a: { watermark: string } };
    const [left, right] = [JSON.parse(a.file.value_utf8 as string), JSON.parse(b.file.value_utf8 as string)] as Array<Record<string, unknown>>;
    const expected = Object.keys(left).filter((key) => JSON.stringify(left[key]) !== JSON.stringify(right[key])).map((key) => ({ path: `/${key}`, a: left[key], b: right[key] }));
    assert.deepEqual([out.same, out.comparedAs, out.a.watermark], [false, 'json', String(a.file.watermark)]);
    assert.deepEqual(out.changes, expected);
    const text = run(['diff', path.join(root, a.path), path.join(root, b.path)]).stdout;
    assert.match(text, new RegExp(`^--- a/${a.path}\\twm ${a.file.watermark} · cached \\d{4}-.* · group 4977371ba184a5e8:2:b638b4e6b346b64a\\n\\+\\+\\+ b/${b.path}\\t`));
    assert.match(text, /^- {2}"balance_cents": 151357,\n\+ {2}"balance_cents": 283293,$/m);
  });

  it('the same value: exit 0 and no output; the same JSON value in other notation: exit 0 with a note', () => {
    const root = copyFixture(BASIC);
    const a = path.join(root, entry(BASIC, 'account:1', '0x4977371ba184a5e8').path);
    assert.deepEqual([run(['diff', a, a]).status, run(['diff', a, a]).stdout], [0, '']);
    const other = emptyRoot();
    const x = writeEntry(other, { entity: 'x', value: '{"a":1.0,"b":[18446744073709551615]}' }).abs;
    const y = writeEntry(other, { entity: 'y', value: '{"b":[18446744073709551615],"a":1}' }).abs;
    const z = writeEntry(other, { entity: 'z', value: '{"b":[18446744073709551614],"a":1}' }).abs;
    const same = run(['diff', x, y]);
    assert.equal(same.status, 0);
    assert.match(same.stderr, /the same JSON value/);
    const differ = run(['diff', x, z, '--json']);
    assert.equal(differ.status, 1);
    assert.match(differ.stdout, /"path": "\/b\/0",\n\s+"a": 18446744073709551615,\n\s+"b": 18446744073709551614/);
  });

  it('values that are not JSON are compared as text or hex, and it says so; entries without a value are bad input', () => {
    const root = copyFixture(ADVERSARIAL);
    const manifest = readManifest(ADVERSARIAL);
    const notJson = manifest.files.find((f) => f.status === 'non_json_value') as ManifestFile;
    const json = manifest.files.find((f) => f.value_is_json && f.value_utf8?.startsWith('{')) as ManifestFile;
    const corrupt = manifest.files.find((f) => f.status === 'corrupt_short') as ManifestFile;
    const mixed = run(['diff', path.join(root, json.path), path.join(root, notJson.path)]);
    assert.equal(mixed.status, 1);
    assert.match(mixed.stderr, /compared as (text|hex dumps)/);
    const bad = run(['diff', path.join(root, json.path), path.join(root, corrupt.path)]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /has no value: it is corrupt \(too-short\)/);
    assert.equal(run(['diff', path.join(root, json.path), path.join(root, 'nope.bin')]).status, 2);
  });
});

describe('--names', function () {
  this.timeout(60_000);

  const NAMES = { '0x4977371ba184a5e8:2': 'AccountBalance', '162e1d7de073120e:0:3205a2fdaba94fb6': 'CounterState' };

  it('names groups in ls (GROUP column, projection in --json), stats and show', () => {
    const root = copyFixture(BASIC);
    const file = path.join(tempDir(), 'names.json');
    fs.writeFileSync(file, JSON.stringify(NAMES));
    const manifest = readManifest(BASIC);
    const lines = ndjson(runOk(['ls', root, '--json', '--names', file]).stdout);
    for (const line of lines) {
      const type = manifest.files.find((f) => f.path === line.path)?.key?.type_disc_u64_hex;
      const expected = type === '0x4977371ba184a5e8' ? 'AccountBalance' : type === '0x162e1d7de073120e' ? 'CounterState' : null;
      assert.equal(line.projection, expected, line.path as string);
    }
    assert.match(runOk(['ls', root, '--entity', 'account:1', '--names', file]).stdout, /account:1 +AccountBalance +61\//);
    const stats = JSON.parse(runOk(['stats', root, '--json', '--names', file]).stdout) as { groups: Array<{ typeHash: string; projection: string | null }> };
    assert.equal(stats.groups.find((g) => g.typeHash === '0x4977371ba184a5e8')?.projection, 'AccountBalance');
    assert.match(runOk(['stats', root, '--names', file]).stdout, /NEWEST +PROJECTION\n(.*\n)*.*4977371b… .* AccountBalance/);
    const account = lines.find((l) => l.projection === 'AccountBalance')?.path as string;
    assert.match(runOk(['show', path.join(root, account), '--names', file]).stdout, /^ {2}Projection +AccountBalance$/m);
  });

  it("are found in the nearest .vscode/settings.json above the root that holds batpakCache.groupNames (comments allowed); --no-names turns that off", () => {
    const workspace = tempDir();
    fs.mkdirSync(path.join(workspace, '.vscode'));
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), `{\n  // names for the explorer\n  "batpakCache.groupNames": ${JSON.stringify(NAMES)},\n}\n`);
    const root = path.join(workspace, 'svc', 'cache');
    fs.cpSync(copyFixture(BASIC), root, { recursive: true });
    const found = runOk(['ls', root, '--entity', 'account:1', '--json']);
    assert.match(found.stderr, /names: using .*\.vscode\/settings\.json/);
    assert.ok(ndjson(found.stdout).some((l) => l.projection === 'AccountBalance'));
    assert.ok(ndjson(runOk(['ls', root, '--entity', 'account:1', '--json', '--no-names']).stdout).every((l) => l.projection === null));
  });

  it('a names file that is not JSON, or names no group, is bad input naming the problem', () => {
    const root = copyFixture(BASIC);
    const file = path.join(tempDir(), 'names.json');
    fs.writeFileSync(file, '{"0x4977371ba184a5e8:2": "AccountBalance",\n "nope": 1');
    assert.match(run(['ls', root, '--names', file]).stderr, /is not JSON: .* at line 2, column \d+/);
    fs.writeFileSync(file, '{"0x4977371ba184a5e8": "AccountBalance"}');
    const result = run(['stats', root, '--names', file]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /"0x4977371ba184a5e8" is not a group: .*TYPEHASH:SCHEMA/);
  });
});

describe('test fixtures of entries', () => {
  it('every entry of a fixture written back into an empty root is byte for byte the same file', async () => {
    const root = copyFixture(ADVERSARIAL);
    const target = emptyRoot();
    const entries = readManifest(ADVERSARIAL).files.filter((f) => f.kind === 'cache_entry');
    for (const file of entries) {
      const fixture = JSON.parse(JSON.stringify(await entryFixture(path.join(root, file.path))));
      const written = await writeFixture(target, fixture);
      assert.deepEqual(fs.readFileSync(written), fs.readFileSync(path.join(root, file.path)), file.path);
    }
    assert.deepEqual(listFiles(target), entries.map((f) => f.path).sort(byPath));
  });

  it('refuses what is not a fixture or would land outside a shard directory', async () => {
    const target = emptyRoot();
    for (const fixture of [{ batpakCacheEntry: 1, path: '../61/61.bin', keyHex: '61', fileHex: '00' }, { batpakCacheEntry: 1, path: '61/6162.bin', keyHex: '61', fileHex: '00' }, { batpakCacheEntry: 1, path: '61/61.bin', keyHex: '61', fileHex: 'zz' }]) {
      await assert.rejects(writeFixture(target, fixture as never), (error: unknown) => error instanceof CacheInputError && error.problem?.code === 'not-a-fixture');
    }
    assert.deepEqual(listFiles(path.dirname(target)), []);
  });
});
