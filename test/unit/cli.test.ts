/**
 * The built CLI (dist/cli.js) run as a child process on fresh copies of batpak's own fixtures, checked against the
 * manifests batpak wrote: what it lists, what it prints, what it deletes, and what it refuses to do.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { byPath, cli, ndjson, run, runOk } from './cliRun';
import { copyFixture, fixturesDir, listFiles, Manifest, ManifestFile, readManifest, repoRoot, tempDir } from './helpers';
import { unprivilegedCli } from './unprivileged';

const DELETE_PREFIX = 'cache-0.6-c940fd5c/delete_prefix';

/** Manifest values are numbers, decimal strings (beyond 2^53) or null/"None" (no trailer). */
const decimal = (value: unknown): string | null => (value === null || value === undefined || value === 'None' ? null : String(value));

const tempPaths = (manifest: Manifest): string[] => manifest.files.filter((f) => f.kind === 'orphan_tempfile').map((f) => f.path);

describe('batpak-cache CLI', function () {
  this.timeout(60_000);

  before(() => {
    assert.ok(fs.existsSync(cli), `${cli} is missing: run node esbuild.mjs first`);
  });

  describe('ls --json', () => {
    for (const scenario of [DELETE_PREFIX, 'cache-0.3.0/adversarial']) {
      it(`${scenario}: one object per file, sorted by path, as batpak's manifest records it`, () => {
        const manifest = readManifest(scenario);
        const lines = ndjson(runOk(['ls', copyFixture(scenario), '--json']).stdout);
        const paths = lines.map((line) => line.path as string);
        assert.deepEqual(paths, [...paths].sort(byPath), 'sorted by path');
        assert.deepEqual([...paths].sort(byPath), manifest.files.map((f) => f.path).sort(byPath), 'exactly the manifest files');
        const byFile = new Map(lines.map((line) => [line.path as string, line]));
        for (const file of manifest.files) {
          const line = byFile.get(file.path) as Record<string, unknown>;
          assert.equal(line.size, file.file_len, `${file.path}: size`);
          if (file.kind === 'orphan_tempfile') {
            assert.equal(line.kind, 'temp', `${file.path}: temp`);
            assert.equal(typeof line.ageMs, 'number');
            continue;
          }
          assert.equal(line.kind, 'entry', `${file.path}: entry`);
          assert.equal(line.keyHex, file.key_hex, `${file.path}: keyHex`);
          assert.equal(line.watermark, decimal(file.watermark), `${file.path}: watermark`);
          assert.equal(line.cachedAtUs, decimal(file.cached_at_us), `${file.path}: cachedAtUs`);
          assert.equal(line.status === 'corrupt', file.status === 'corrupt_short', `${file.path}: corrupt exactly when under 16 bytes`);
        }
      });
    }

    it('lists files directly in the root and foreign files in path order among the entries', () => {
      const root = copyFixture(DELETE_PREFIX);
      fs.writeFileSync(path.join(root, 'README.md'), 'notes');
      fs.writeFileSync(path.join(root, '70-notes.txt'), 'sorts between 6e/ and 72/');
      fs.mkdirSync(path.join(root, '63', 'nested'));
      fs.symlinkSync('/etc/passwd', path.join(root, '64', '64.bin'));
      const lines = ndjson(runOk(['ls', root, '--json']).stdout);
      const paths = lines.map((line) => line.path as string);
      assert.deepEqual(paths, [...paths].sort(byPath));
      const reasons = Object.fromEntries(lines.filter((line) => line.kind === 'foreign').map((line) => [line.path, line.reason]));
      assert.deepEqual(reasons, { '63/nested': 'nested-directory', '64/64.bin': 'symlink', '70-notes.txt': 'file-in-root', 'README.md': 'file-in-root' });
      const at = paths.indexOf('70-notes.txt');
      assert.ok(paths[at - 1].startsWith('6e/') && paths[at + 1].startsWith('72/'), 'a root file among the shards');
      assert.equal(ndjson(runOk(['ls', root, '--json', '--shard', '64']).stdout).filter((line) => line.kind === 'foreign').length, 1, '--shard leaves out root files');
    });

    it('--entity, --prefix and --shard list exactly what batpak would delete or holds there', () => {
      const root = copyFixture(DELETE_PREFIX);
      const manifest = readManifest(DELETE_PREFIX);
      const oracle = (hex: string): string[] => {
        const op = manifest.extra.delete_prefix_oracle?.find((o) => o.prefix_hex === hex);
        assert.ok(op, `oracle for ${hex}`);
        return [...op.removed_files].sort(byPath);
      };
      const listed = (...args: string[]): string[] => ndjson(runOk(['ls', root, '--json', ...args]).stdout).map((line) => line.path as string);
      assert.deepEqual(listed('--entity', 'account:1'), oracle(Buffer.from('account:1\0').toString('hex')));
      assert.deepEqual(listed('--prefix', 'account:1'), oracle(Buffer.from('account:1').toString('hex')));
      assert.deepEqual(listed('--prefix-hex', '0x7261 773A'), oracle(Buffer.from('raw:').toString('hex')));
      assert.deepEqual(listed('--shard', '63'), manifest.files.map((f) => f.path).filter((p) => p.startsWith('63/')).sort(byPath));
    });
  });

  it('ls prints an aligned table with every file and a total', () => {
    const manifest = readManifest(DELETE_PREFIX);
    const out = runOk(['ls', copyFixture(DELETE_PREFIX)]).stdout;
    const rows = out.split('\n');
    assert.match(rows[0], /^STATUS\s+SIZE\s+CACHED\s+WATERMARK\s+KEY\s+GROUP\s+PATH$/);
    for (const file of manifest.files) assert.ok(rows.some((line) => line.endsWith(`  ${file.path}`)), file.path);
    // Columns counted in code points, on the rows without double-width (CJK) characters.
    const pathColumn = rows[0].indexOf('PATH');
    const narrow = rows.slice(1, manifest.files.length + 1).filter((line) => !/\p{Script=Han}/u.test(line)).map((line) => Array.from(line));
    assert.ok(narrow.length > 50 && narrow.every((chars) => chars[pathColumn - 1] === ' ' && chars[pathColumn] !== ' '), 'paths aligned');
    assert.match(out, /\n63 files: 61 entries \(3 corrupt or misplaced\), 2 temp files, /);
  });

  describe('show', () => {
    it('--json keeps a u64 in the value exact, with the whole value in valueHex', () => {
      const scenario = 'cache-0.3.0/basic';
      const big = /\d{17,}/g;
      const file = readManifest(scenario).files.find((f) => (f.value_utf8?.match(big) ?? []).some((n) => BigInt(n) > 2n ** 53n));
      assert.ok(file?.value_utf8, 'a fixture value with a number beyond 2^53');
      assert.match(file.value_utf8, /12638153115695167476/);
      const shown = JSON.parse(runOk(['show', path.join(copyFixture(scenario), file.path), '--json']).stdout) as Record<string, unknown>;
      assert.equal(shown.path, file.path);
      assert.equal(shown.keyHex, file.key_hex);
      assert.deepEqual(shown.value, { format: 'json', json: file.value_utf8, invalidJson: null });
      assert.match((shown.value as { json: string }).json, /"checksum":12638153115695167476/);
      assert.equal(shown.valueHex, Buffer.from(file.value_utf8).toString('hex'));
      assert.equal(shown.watermark, decimal(file.watermark));
    });

    it('prints the key anatomy, the trailer and the exact value', () => {
      const root = copyFixture(DELETE_PREFIX);
      const out = runOk(['show', path.join(root, '61/6163636f756e743a3100e266589033de81120000000000000000459ec758b6ac60bd.bin')]).stdout;
      assert.match(out, /Entity +account:1\n/);
      assert.match(out, /Type hash +0x1281de33905866e2\n/);
      assert.match(out, /Kinds hash +0xbd60acb658c79e45\n/);
      assert.match(out, /Trailer \(v2, 40 bytes\)\n +Watermark +221\n +Cached at +2026-11-27T\d\d:\d\d:\d\d\.\d{3}Z \(/);
      assert.match(out, /"checksum": 1103616148263173928,/);
    });

    it('calls out an implausible cached-at and hex-dumps a value that is not text', () => {
      const root = copyFixture(DELETE_PREFIX);
      const damaged = runOk(['show', path.join(root, '61/6100e266589033de81120000000000000000459ec758b6ac60bd.bin')]).stdout;
      assert.match(damaged, /Cached at +-3761687879427829551 µs since the epoch: implausible/);
      const binary = runOk(['show', path.join(root, 'ff/fffefd.bin')]).stdout;
      assert.match(binary, /00000000 {2}80 ff 00 c3 28 +\|\.\.\.\.\(\|/);
    });
  });

  it('stats --json counts what the manifest holds', () => {
    const manifest = readManifest(DELETE_PREFIX);
    const stats = JSON.parse(runOk(['stats', copyFixture(DELETE_PREFIX), '--json']).stdout) as Record<string, unknown>;
    const entries = manifest.files.filter((f) => f.kind === 'cache_entry');
    assert.equal(stats.entries, entries.length);
    assert.equal(stats.corrupt, entries.filter((f) => f.status === 'corrupt_short').length);
    assert.equal((stats.temp as { count: number }).count, tempPaths(manifest).length);
    assert.deepEqual(stats.watermark, { min: '0', max: '18446744073709551615' });
  });

  it('stats prints the summary and the projection groups', () => {
    const out = runOk(['stats', copyFixture(DELETE_PREFIX)]).stdout;
    assert.match(out, /^Entries +61 entries, [\d.]+ KB, in 11 shards$/m);
    assert.match(out, /^Health +58 ok · 3 corrupt · 0 misplaced · 6 with warnings$/m);
    assert.match(out, /^Temp files +2 files, 566 B, oldest /m);
    assert.match(out, /^ +LAYOUT +TYPE HASH +SCHEMA +KINDS HASH +ENTRIES +SIZE +NEWEST$/m);
    assert.match(out, /^ +k2 +1281de33… +0 +bd60acb6… +13 /m);
  });

  describe('purge', () => {
    const manifest = readManifest(DELETE_PREFIX);
    for (const op of manifest.extra.delete_prefix_oracle ?? []) {
      it(`--prefix-hex ${op.prefix_hex.slice(0, 24) || '(empty) as --all'} leaves exactly what batpak's delete_prefix left`, () => {
        const root = copyFixture(DELETE_PREFIX);
        const before = listFiles(root);
        const selector = op.prefix_hex === '' ? ['--all'] : ['--prefix-hex', op.prefix_hex];
        const out = JSON.parse(runOk(['purge', root, ...selector, '--yes', '--json']).stdout) as { plan: { count: number }; summary: { deleted: number } | null };
        const removed = new Set(op.removed_files);
        assert.deepEqual(listFiles(root), before.filter((file) => !removed.has(file)));
        for (const temp of tempPaths(manifest)) assert.ok(fs.existsSync(path.join(root, temp)), `${temp} untouched`);
        assert.equal(out.plan.count, op.removed_files.length);
        assert.equal(out.summary?.deleted ?? 0, op.removed_files.length);
      });
    }

    it('--dry-run shows the plan and changes nothing', () => {
      const root = copyFixture(DELETE_PREFIX);
      const before = listFiles(root);
      const out = JSON.parse(runOk(['purge', root, '--all', '--dry-run', '--json']).stdout) as Record<string, unknown>;
      assert.deepEqual(listFiles(root), before);
      assert.equal(out.summary, null);
      const plan = out.plan as { selector: string; count: number; bytes: number; sample: unknown[] };
      assert.equal(plan.selector, 'every entry');
      assert.equal(plan.count, manifest.files.filter((f) => f.kind === 'cache_entry').length);
      assert.equal(plan.sample.length, 10);
      const human = runOk(['purge', root, '--entity', 'account:1', '--dry-run']).stdout;
      assert.match(human, /5 entries match, /);
      assert.match(human, /Entries written after this preview may survive/);
      assert.match(human, /Dry run: nothing was deleted\./);
      assert.deepEqual(listFiles(root), before);
    });

    it('without --yes and without a terminal refuses with exit 2 and changes nothing', () => {
      const root = copyFixture(DELETE_PREFIX);
      const before = listFiles(root);
      for (const args of [['purge', root, '--all'], ['repair', root]]) {
        const result = run(args);
        assert.equal(result.status, 2, args.join(' '));
        assert.match(result.stderr, /stdin is not a terminal\. Add --yes .*--dry-run/);
        assert.equal(result.stdout, '');
      }
      assert.deepEqual(listFiles(root), before);
    });

    it('Ctrl-C stops a purge cleanly and prints the partial summary', async () => {
      const root = path.join(tempDir(), 'cache');
      const trailer = Buffer.alloc(40);
      trailer.writeBigInt64LE(BigInt(Date.now()) * 1000n, 8);
      trailer.writeBigUInt64LE(0xcacbcccdcecfd0d1n, 32);
      const total = 20_000;
      const shard = path.join(root, '75');
      fs.mkdirSync(shard, { recursive: true });
      for (let i = 0; i < total; i++) {
        const key = Buffer.concat([Buffer.from(`user:${i}\0`), Buffer.alloc(24, 1)]).toString('hex');
        fs.writeFileSync(path.join(shard, `${key}.bin`), Buffer.concat([Buffer.from(`{"n":${i}}`), trailer]));
      }
      const child = spawn(process.execPath, [cli, 'purge', root, '--all', '--yes'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      // Interrupt once deleting has visibly started.
      const poll = setInterval(() => {
        if (fs.readdirSync(shard).length < total) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 5);
      const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
      const deleted = Number(/Deleted ([\d,]+) entries/.exec(stdout)?.[1].replace(/,/g, ''));
      assert.equal(status, 130, stdout);
      assert.match(stdout, /Cancelled: the files not reached yet were left as they were\./);
      assert.ok(deleted > 0 && deleted < total, `deleted ${deleted} of ${total}`);
      assert.equal(listFiles(root).length, total - deleted, 'the summary counts exactly what is gone');
    });

    it('exits 1 and names the file when a deletion fails', function () {
      const unprivileged = unprivilegedCli(this); // root may delete from a read-only directory
      const root = unprivileged.own(path.join(fixturesDir, DELETE_PREFIX, 'cache'));
      fs.chmodSync(path.join(root, '72'), 0o555);
      try {
        const result = unprivileged.run(['purge', root, '--prefix', 'raw:', '--yes']);
        assert.equal(result.status, 1, result.stderr);
        assert.match(result.stdout, /Failed to delete 5 files:\n {2}72\/7261773a.*permission denied/);
        assert.equal(listFiles(root).filter((f) => f.startsWith('72/')).length, 5);
      } finally {
        fs.chmodSync(path.join(root, '72'), 0o755);
      }
    });
  });

  describe('bad usage exits 2, says what is wrong and changes nothing', () => {
    const cases: Array<[string, (root: string) => string[], RegExp]> = [
      ['odd-length hex', (root) => ['purge', root, '--prefix-hex', 'abc', '--yes'], /odd number of digits \(3\)/],
      ['non-hex', (root) => ['purge', root, '--prefix-hex', '6g', '--yes'], /characters other than 0-9 and a-f\. Use --prefix for text\./],
      ['missing selector', (root) => ['purge', root, '--yes'], /Say what to purge: pass one of --prefix, --prefix-hex, --entity, --group, --older-than, --stale, --all or --where/],
      ['two selectors', (root) => ['purge', root, '--prefix', 'a', '--entity', 'b', '--yes'], /--prefix and --entity cannot be combined/],
      ['a selector given twice', (root) => ['purge', root, '--prefix', 'a', '--prefix', 'b', '--yes'], /--prefix is given twice/],
      ['an empty prefix', (root) => ['purge', root, '--prefix', '', '--yes'], /--prefix is empty.*--all/],
      ['a bad group', (root) => ['purge', root, '--group', 'xyz', '--yes'], /TYPEHASH:SCHEMA/],
      ['a bad duration', (root) => ['purge', root, '--older-than', '2 fortnights', '--yes'], /duration "2 fortnights" is not understood/],
      ['a bad temp grace', (root) => ['repair', root, '--temp-grace', 'soon', '--yes'], /duration "soon" is not understood/],
      ['an age without a unit', (root) => ['purge', root, '--older-than', '30', '--yes'], /--older-than 30 has no unit: write --older-than 30s, --older-than 30m or --older-than 30ms/],
      ['a temp grace without a unit', (root) => ['repair', root, '--temp-grace', '15', '--yes'], /--temp-grace 15 has no unit: write --temp-grace 15s, .*\(units: ms, s, m or min, h, d, w\)/],
      ['a root that does not exist', (root) => ['purge', path.join(root, 'nope'), '--all', '--yes'], /nope does not exist/],
      ['a root that is a file', (root) => ['purge', path.join(root, '00', '.bin'), '--all', '--yes'], /is a file, not a directory/],
      ['/ as purge root', () => ['purge', '/', '--prefix-hex', 'ffff', '--yes'], /Refusing to change \/: it is the file system root/],
      ['/ as repair root', () => ['repair', '/', '--yes'], /Refusing to change \/: it is the file system root/],
      ['an unknown flag', (root) => ['purge', root, '--all', '--yes', '--force'], /unknown option '--force'/],
      ['an unknown command', (root) => ['prune', root], /unknown command 'prune'/],
      ['a missing root', () => ['stats'], /missing required argument 'root'/],
      ['an extra argument', (root) => ['stats', root, 'more'], /too many arguments/],
      ['a bad shard', (root) => ['ls', root, '--shard', 'xyz'], /shard "xyz" is not two hex digits/],
      ['ls of a missing root', (root) => ['ls', path.join(root, 'nope')], /does not exist/],
      ['show of a missing file', (root) => ['show', path.join(root, '61', 'ff.bin')], /ff\.bin does not exist/],
      ['show of a directory', (root) => ['show', path.join(root, '61')], /is not a regular file/],
      ['a store that does not exist', (root) => ['ls', root, '--store', path.join(root, 'nope')], /store directory .*nope does not exist/],
      ['a store that is a file', (root) => ['stats', root, '--store', path.join(root, '00', '.bin')], /is a file, not a store directory/],
      ['a store without segments', (root) => ['purge', root, '--stale', '--store', root, '--yes'], /holds no batpak segment files \(NNNNNN\.fbat\)/],
      ['--stale with no store beside the root', (root) => ['purge', root, '--stale', '--yes'], /no store directory was found beside .*; pass --store DIR/],
      ['--store without --stale', (root) => ['purge', root, '--all', '--store', root, '--yes'], /--store goes with --stale/],
      ['--stale with another selector', (root) => ['purge', root, '--stale', '--all', '--yes'], /--stale and --all cannot be combined/],
    ];
    for (const [name, args, message] of cases) {
      it(name, () => {
        const root = copyFixture(DELETE_PREFIX);
        const before = listFiles(root);
        const result = run(args(root));
        assert.equal(result.status, 2, `${args(root).join(' ')}: ${result.stderr}`);
        assert.match(result.stderr, message);
        assert.equal(result.stdout, '');
        assert.deepEqual(listFiles(root), before);
      });
    }

    it('the home directory is refused as a purge root unless it looks like a cache root', () => {
      const home = tempDir('bce-home-');
      fs.mkdirSync(path.join(home, 'ab'));
      fs.writeFileSync(path.join(home, 'ab', 'abcd.bin'), Buffer.alloc(16));
      fs.writeFileSync(path.join(home, 'notes.txt'), 'mine');
      fs.mkdirSync(path.join(home, 'projects'));
      const result = run(['purge', home, '--all', '--yes'], { ...process.env, HOME: home });
      assert.equal(result.status, 2);
      assert.match(result.stderr, /it is your home directory, not a cache root/);
      assert.deepEqual(listFiles(home), ['ab/abcd.bin', 'notes.txt']);
    });

    it('--help exits 0 for every command', () => {
      for (const command of ['stats', 'ls', 'show', 'purge', 'repair']) {
        const result = runOk([command, '--help']);
        assert.match(result.stdout, new RegExp(`^Usage: batpak-cache ${command} `, 'm'));
      }
      assert.match(runOk(['--help']).stdout, /Commands:/);
    });
  });

  describe('repair', () => {
    const manifest = readManifest(DELETE_PREFIX);
    const corrupt = manifest.files.filter((f) => f.kind === 'cache_entry' && f.file_len < 16).map((f) => f.path);

    /** A copy whose fixture temp files are an hour old, plus a temp file being written right now. */
    function agedCopy(): { root: string; young: string } {
      const root = copyFixture(DELETE_PREFIX);
      const hourAgo = new Date(Date.now() - 3_600_000);
      for (const temp of tempPaths(manifest)) fs.utimesSync(path.join(root, temp), hourAgo, hourAgo);
      const young = '63/.tmpYoung1';
      fs.writeFileSync(path.join(root, young), 'partial');
      return { root, young };
    }

    it('--yes deletes the old temp files and the corrupt entries, and nothing else', () => {
      const { root, young } = agedCopy();
      const before = listFiles(root);
      const doomed = new Set([...corrupt, ...tempPaths(manifest)]);
      assert.equal(doomed.size, 5);
      const out = JSON.parse(runOk(['repair', root, '--yes', '--json']).stdout) as {
        diagnosis: { categories: Record<string, { count: number }> };
        summary: { deleted: number; failedCount: number };
      };
      assert.deepEqual(listFiles(root), before.filter((file) => !doomed.has(file)));
      assert.ok(fs.existsSync(path.join(root, young)), 'the young temp file stays');
      assert.equal(out.diagnosis.categories.corrupt.count, 3);
      assert.equal(out.diagnosis.categories.staleTemp.count, 2);
      assert.equal(out.diagnosis.categories.youngTemp.count, 1);
      assert.equal(out.summary.deleted, 5);
      assert.equal(out.summary.failedCount, 0);
    });

    it('--temp-grace keeps temp files younger than the grace; --dry-run changes nothing', () => {
      const { root } = agedCopy();
      const before = listFiles(root);
      const preview = runOk(['repair', root, '--temp-grace', '2h', '--dry-run']).stdout;
      assert.match(preview, /temp files older than 2 h count as orphans/);
      assert.match(preview, /delete +corrupt entries \(under 16 bytes\) +3 /);
      assert.match(preview, /keep +young temp files \(may be writes in progress\) +3 /);
      assert.deepEqual(listFiles(root), before);
      runOk(['repair', root, '--temp-grace', '2h', '--yes']);
      assert.deepEqual(listFiles(root), before.filter((file) => !corrupt.includes(file)));
    });
  });

  describe('--store: freshness against the event store', () => {
    const STALE = 'cache-0.6-c940fd5c/stale';

    /** The cache root beside a copy of its store, as services lay them out (`<app>/cache` + `<app>/store`). */
    function rootWithStore(): { root: string; store: string } {
      const root = copyFixture(STALE);
      const store = path.join(path.dirname(root), 'store');
      fs.cpSync(path.join(fixturesDir, STALE, 'store'), store, { recursive: true });
      return { root, store };
    }

    it('ls --json adds each entry its freshness: the manifest-stale entries are stale, at their current watermark', () => {
      const { root, store } = rootWithStore();
      const files = new Map(readManifest(STALE).files.map((f) => [f.path, f]));
      const lines = ndjson(runOk(['ls', root, '--store', store, '--json']).stdout);
      assert.equal(lines.length, files.size);
      for (const line of lines) {
        const file = files.get(line.path as string) as ManifestFile;
        const freshness = line.freshness as { state: string; eventsBehind: number; lastEventSequence: number };
        assert.equal(freshness.state, file.stale_vs_store ? 'stale' : 'fresh', `${file.path}`);
        assert.equal(freshness.lastEventSequence, file.current_watermark, `${file.path}`);
        assert.equal(freshness.eventsBehind > 0, file.stale_vs_store, `${file.path}`);
      }
      const table = runOk(['ls', root, '--store', store]).stdout;
      assert.match(table, /FRESHNESS +PATH\n(.|\n)*stale by \d+ events +61\//);
      assert.match(table, / stale by 1 event +61\//, 'one event, singular');
      assert.doesNotMatch(table, /stale by 1 events|stale by (?!1 )\d+ event /, 'plurals agree with their number');
    });

    it('stats counts the entries per state (text and JSON)', () => {
      const { root, store } = rootWithStore();
      const files = readManifest(STALE).files;
      const stale = files.filter((f) => f.stale_vs_store === true).length;
      const fresh = files.filter((f) => f.stale_vs_store === false).length;
      const json = JSON.parse(runOk(['stats', root, '--store', store, '--json']).stdout) as { freshness: { counts: Record<string, number> } };
      assert.deepEqual(json.freshness.counts, { fresh, stale, 'maybe-stale': 0, ahead: 0, 'unknown-entity': 0, none: 0 });
      assert.match(runOk(['stats', root, '--store', store]).stdout, new RegExp(`Freshness +${fresh} fresh · ${stale} stale · 0 maybe-stale`));
    });

    it('purge --stale finds the store beside the root and deletes exactly the stale entries', () => {
      const { root } = rootWithStore();
      const before = listFiles(root);
      const stale = readManifest(STALE).files.filter((f) => f.stale_vs_store).map((f) => f.path);
      const result = runOk(['purge', root, '--stale', '--yes', '--json']);
      assert.match(result.stderr, /store: using .*store \(found beside the root\)/);
      const { plan, summary } = JSON.parse(result.stdout) as { plan: { count: number }; summary: { deleted: number } };
      assert.deepEqual([plan.count, summary.deleted], [stale.length, stale.length]);
      assert.deepEqual(listFiles(root), before.filter((file) => !stale.includes(file)));
    });
  });
  describe('what it says', () => {
    const DAMAGED = '75/757365723ac3a96d696c65000e1273e07d1d2e160000000000000000b64fa9abfda20532.bin';

    it('--version prints the version of package.json', () => {
      const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
      assert.equal(runOk(['--version']).stdout, `${version}\n`);
    });

    it('docs/cli.md, which --help points to, documents every command and every flag', () => {
      const doc = fs.readFileSync(path.join(repoRoot, 'docs', 'cli.md'), 'utf8');
      const help = runOk(['--help']).stdout;
      assert.match(help, /docs\/cli\.md/);
      const commands = [...help.matchAll(/^ {2}(\w+) \[options\]/gm)].map((m) => m[1]);
      assert.ok(commands.length >= 5, commands.join());
      for (const command of commands) {
        assert.match(doc, new RegExp(`^### \`${command} `, 'm'), `a section for ${command}`);
        for (const [flag] of runOk([command, '--help']).stdout.matchAll(/--[a-z][a-z-]*/g)) assert.ok(doc.includes(`\`${flag}`), `${command} ${flag} is documented`);
      }
      assert.ok(doc.includes('--version'));
    });

    it("show calls out a projection's value that is not valid JSON, and where parsing fails", () => {
      const root = copyFixture(DELETE_PREFIX);
      const text = runOk(['show', path.join(root, DAMAGED)]).stdout;
      assert.match(text, /^Value \(70 B, text\): not valid JSON \(parsing fails at byte 8\): batpak's get would fail to decode it and replay the projection$/m);
      const json = JSON.parse(runOk(['show', path.join(root, DAMAGED), '--json']).stdout) as { value: { invalidJson: unknown } };
      assert.deepEqual(json.value.invalidJson, { offset: 8 });
      assert.doesNotMatch(runOk(['show', path.join(root, '61/6163636f756e743a3100e266589033de81120000000000000000459ec758b6ac60bd.bin')]).stdout, /not valid JSON/);
    });

    it('stats and ls pointed at the folder above a cache root name the root below', () => {
      const root = copyFixture(DELETE_PREFIX);
      const parent = path.dirname(root);
      for (const command of ['stats', 'ls']) {
        const result = runOk([command, parent]);
        assert.match(result.stderr, new RegExp(`holds no cache entries: it looks like the parent of a cache root:\n {2}${root}\nTry: batpak-cache ${command} ${root}\n`));
      }
      assert.doesNotMatch(runOk(['stats', root]).stderr, /parent of/, 'not said of a cache root');
    });

    it('stats and ls use the store found beside the root and say so; --no-store leaves it out', () => {
      const root = copyFixture('cache-0.6-c940fd5c/stale');
      fs.cpSync(path.join(fixturesDir, 'cache-0.6-c940fd5c/stale', 'store'), path.join(path.dirname(root), 'store'), { recursive: true });
      const stats = runOk(['stats', root]);
      assert.match(stats.stderr, /^store: using .*store \(found beside the root\)$/m);
      assert.match(stats.stdout, /^Freshness +\d+ fresh · \d+ stale/m);
      assert.match(runOk(['ls', root]).stdout, /FRESHNESS +PATH/);
      for (const command of ['stats', 'ls']) {
        const without = runOk([command, root, '--no-store']);
        assert.doesNotMatch(without.stdout + without.stderr, /Freshness|FRESHNESS|store: using/, command);
      }
    });

    it("purge's preview tells an entity's entries apart by their projection group, sorted", () => {
      const root = copyFixture(DELETE_PREFIX);
      const preview = runOk(['purge', root, '--entity', 'account:1', '--dry-run']).stdout;
      const rows = preview.split('\n').filter((line) => /^ {2}account:1 /.test(line));
      assert.equal(rows.length, 4);
      const groups = rows.map((line) => line.split(/ {2,}/)[2]);
      assert.deepEqual(groups, ['0af02dd6…:0', '3b6c9eeb…:7', '1281de33…:0', '4977371b…:2'], 'in path order');
      const plan = (JSON.parse(runOk(['purge', root, '--entity', 'account:1', '--dry-run', '--json']).stdout) as { plan: { sample: Array<{ label: string; group: string | null }> } }).plan;
      assert.ok(plan.sample.some((s) => s.group === '1281de33905866e2:0:bd60acb658c79e45'), 'the group in full, as --group takes it');
      assert.ok(plan.sample.some((s) => s.group === null), 'null for the raw key that starts like the entity');
    });

    it('writes numbers as the process locale does: German with LANG=de_DE.UTF-8, English without a locale', () => {
      const root = copyFixture(DELETE_PREFIX);
      const unset = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(LC_|LANG)/.test(name)));
      const german = run(['stats', root], { ...unset, LANG: 'de_DE.UTF-8' });
      assert.match(german.stdout, /^Entries +61 entries, 7,8 KB, in 11 shards$/m);
      assert.match(german.stdout, /^Cached at .*\(vor \d+ (Tagen|Std\.|Min\.)\)/m);
      const none = run(['stats', root], unset);
      assert.match(none.stdout, /^Entries +61 entries, 7\.8 KB, in 11 shards$/m);
    });
  });
});
