/**
 * Replay and verify (#14): the demo replayer against batpak's own fixtures (checked against their manifests), entries
 * altered here, stale entries brought forward; and the protocol with replayers that crash, hang, lie or stutter.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { choiceKey, EntryContent, inspectFile, matchProjection, replayEntry, parseKey, ProjectionMatch, readEntityEvents, readStore, Replayer, ReplayerFailure, ReplayerProjection, splitCommand, verifyEntry } from '../../src/core';
import { ndjson, run } from './cliRun';
import { copyFixture, fixturesDir, Manifest, readManifest, repoRoot, scenarios, tempDir } from './helpers';

const DEMO = `'${process.execPath}' '${path.join(repoRoot, 'examples', 'replayer', 'demo-replayer.mjs')}'`;
/** What the demo replayer replays: every projection type of the basic fixtures but AuditTrail (see its header). */
const IMPLEMENTED = new Set(['CounterState', 'AccountBalance', 'Lifecycle', 'EventCount', 'SeenMarker']);

/** batpak 0.3.0's k1 keys carry no kinds hash, and that build's type hashes are not the demo replayer's: choose them. */
function maps(manifest: Manifest): string[] {
  return (manifest.projection_types ?? []).flatMap((type) => {
    const { name, schema_version: schema } = type as unknown as { name: string; schema_version: number | string };
    return IMPLEMENTED.has(name) ? ['--map', `${type.type_disc_u64_hex}:${schema}=${name}`] : [];
  });
}

function verify(root: string, store: string, extra: string[] = []): { status: number | null; verdicts: Map<string, Record<string, unknown>>; stderr: string } {
  const result = run(['verify', root, '--store', store, '--replayer', DEMO, '--json', ...extra]);
  const verdicts = new Map(ndjson(result.stdout).map((line) => [path.relative(root, String(line.path)).split(path.sep).join('/'), line]));
  return { status: result.status, verdicts, stderr: result.stderr };
}

const projectionOf = (file: { key?: { projection_type?: string } }): string | undefined => file.key?.projection_type;

describe('verify: the demo replayer against the fixtures', function () {
  this.timeout(120_000);

  for (const scenario of scenarios().filter((name) => fs.existsSync(path.join(fixturesDir, name, 'store')))) {
    it(`${scenario}: match for every undamaged entry of the projections it implements, never for a damaged one`, () => {
      const manifest = readManifest(scenario);
      const root = path.join(fixturesDir, scenario, 'cache');
      const { status, verdicts, stderr } = verify(root, path.join(fixturesDir, scenario, 'store'), scenario.startsWith('cache-0.3.0') ? maps(manifest) : []);
      assert.equal(status, 0, stderr);
      let matched = 0;
      for (const file of manifest.files.filter((f) => f.kind === 'cache_entry' && fs.existsSync(path.join(root, f.path)))) {
        const verdict = verdicts.get(file.path);
        assert.ok(verdict, `${file.path} has a verdict`);
        // Entries the harness wrote with NativeCache::put directly have no events in the store.
        const origin = (file as { origin?: { writer?: string } }).origin?.writer ?? '';
        const undamaged = (file.status === 'valid' || file.status === 'stale') && !origin.includes('called directly');
        if (undamaged && IMPLEMENTED.has(projectionOf(file) ?? '')) {
          assert.deepEqual([verdict.result, verdict.projection], ['match', projectionOf(file)], `${file.path} (${file.status}, ${file.key?.entity_utf8})`);
          matched++;
        } else {
          assert.notEqual(verdict.result, 'match', `${file.path} (${file.status}, ${projectionOf(file)}) is never a match`);
        }
      }
      if (!scenario.endsWith('adversarial')) assert.ok(matched >= 15, `${matched} entries matched`);
    });
  }

  it('an entry whose value is altered diverges: the path, both exact values and the event after which they part; exit 1', () => {
    const scenario = 'cache-0.6-c940fd5c/basic';
    const file = readManifest(scenario).files.find((f) => projectionOf(f) === 'AccountBalance' && f.key?.entity_utf8 === 'account:1');
    assert.ok(file);
    const root = copyFixture(scenario);
    const bytes = fs.readFileSync(path.join(root, file.path));
    const value = Buffer.from(file.value_utf8 as string);
    const altered = Buffer.from((file.value_utf8 as string).replace(/"balance_cents":(\d+)/, '"balance_cents":$100'));
    fs.writeFileSync(path.join(root, file.path), Buffer.concat([altered, bytes.subarray(value.length)]));
    const { status, verdicts } = verify(root, path.join(fixturesDir, scenario, 'store'));
    assert.equal(status, 1);
    const balance = /"balance_cents":(\d+)/.exec(file.value_utf8 as string)?.[1];
    assert.deepEqual(verdicts.get(file.path), {
      path: path.join(root, file.path),
      projection: 'AccountBalance',
      result: 'diverged',
      jsonPath: '/balance_cents',
      cached: Number(`${balance}00`),
      replayed: Number(balance),
      afterSequence: file.watermark,
    });
    assert.equal([...verdicts.values()].filter((v) => v.result === 'diverged').length, 1);
  });

  it('a truncated entry of an implemented projection is never a match', () => {
    const scenario = 'cache-0.6-c940fd5c/basic';
    const file = readManifest(scenario).files.find((f) => projectionOf(f) === 'CounterState' && f.key?.entity_utf8 === 'counter:alpha');
    assert.ok(file);
    const root = copyFixture(scenario);
    for (const cut of [10, file.file_len - 30]) {
      fs.truncateSync(path.join(root, file.path), file.file_len - cut);
      const verdict = verify(root, path.join(fixturesDir, scenario, 'store')).verdicts.get(file.path);
      assert.equal(verdict?.result, 'unverifiable', `cut by ${cut}`);
    }
  });
});

describe('replay: a stale entry brought to what the store now implies', function () {
  this.timeout(60_000);

  for (const scenario of ['cache-0.6-c940fd5c/stale', 'cache-0.3.0/stale']) {
    it(`${scenario}: one step per relevant event after the watermark, ending at the current watermark in the state a replay from init gives`, async () => {
      const manifest = readManifest(scenario);
      const stale = manifest.files.filter((f) => f.status === 'stale' && IMPLEMENTED.has(projectionOf(f) ?? ''));
      assert.ok(stale.length >= 8);
      const storeDir = path.join(fixturesDir, scenario, 'store');
      const store = readStore(storeDir);
      const replayer = new Replayer(DEMO);
      try {
        const projections = await replayer.hello();
        for (const file of stale) {
          const entry = path.join(fixturesDir, scenario, 'cache', file.path);
          const content = (await inspectFile(entry)) as EntryContent;
          const projection = projections.find((p) => p.name === projectionOf(file)) as ReplayerProjection;
          const context = { replayer, projections: [projection], store, choices: choicesFor(content, projection) };
          const outcome = await replayEntry(content, context);
          assert.ok(!('result' in outcome), `${file.path}: ${JSON.stringify(outcome)}`);
          const { steps } = outcome;
          const appended = manifest.operations.filter((op) => op.entity === file.key?.entity_utf8 && op.global_sequence !== undefined && op.global_sequence > Number(file.watermark));
          assert.ok(steps.length > 0 && steps.length <= appended.length, `${file.path}: ${steps.length} steps`);
          assert.equal(steps[steps.length - 1].sequence, file.current_watermark);
          // The entry stepped forward equals the same projection replayed from init to the current watermark.
          const fresh = await verifyEntry(withValue(content, steps[steps.length - 1].state, file.current_watermark as number), context);
          assert.equal(fresh.result, 'match', `${file.path}: ${JSON.stringify(fresh)}`);
        }
      } finally {
        replayer.close();
      }
    });
  }

  it('replay on the CLI: the steps as NDJSON (the changed paths), and in words the state a Consistent read returns now', () => {
    const scenario = 'cache-0.6-c940fd5c/stale';
    const file = readManifest(scenario).files.find((f) => f.status === 'stale' && projectionOf(f) === 'CounterState' && f.key?.entity_utf8 === 'counter:alpha');
    const args = [path.join(fixturesDir, scenario, 'cache', file?.path as string), '--store', path.join(fixturesDir, scenario, 'store'), '--replayer', DEMO];
    const steps = ndjson(run(['replay', ...args, '--json']).stdout);
    assert.deepEqual(steps[0], { sequence: 340, kind: '0x1001', state: { value: 359, increments: 91, decrements: 30, last_reason: 'late 0' }, changed: ['/value', '/increments', '/last_reason'] });
    const words = run(['replay', ...args]);
    assert.equal(words.status, 0, words.stderr);
    assert.match(words.stdout, /^CounterState: 5 relevant events after the watermark\n {2}340 0x1001 {2}changed \/value, \/increments, \/last_reason\n/);
    assert.match(words.stdout, /The state a Consistent read returns now:\n\{\n {2}"value": 363,/);
  });
});

/** The entry as if batpak had cached `value` at `watermark`. */
function withValue(content: EntryContent, value: string, watermark: number): EntryContent {
  const trailer = { ...(content.record.trailer as NonNullable<EntryContent['record']['trailer']>), watermark: BigInt(watermark) };
  return { ...content, record: { ...content.record, trailer }, value: Buffer.from(value), valueLength: Buffer.byteLength(value) };
}

function choicesFor(content: EntryContent, projection: ReplayerProjection): Map<string, string> {
  const key = content.record.key;
  return new Map([[choiceKey(key.typeHash as bigint, key.schemaVersion as bigint), projection.name]]);
}

describe('the replayer protocol', function () {
  this.timeout(30_000);
  const scenario = 'cache-0.6-c940fd5c/basic';
  const manifest = readManifest(scenario);
  const audit = manifest.files.find((f) => projectionOf(f) === 'AuditTrail' && f.key?.entity_utf8 === 'doc:43');
  const auditType = (manifest.projection_types ?? []).find((t) => (t as unknown as { name: string }).name === 'AuditTrail');

  /** A replayer script: `answer(request)` is the body of a function returning the answer line(s), or undefined for none. */
  function script(answer: string, options: { pieces?: boolean } = {}): string {
    const file = path.join(tempDir('bce-replayer-'), 'replayer.mjs');
    const hello = JSON.stringify({ projections: [{ name: 'AuditTrail', schemaVersion: 0, kinds: [], typeHash: auditType?.type_disc_u64_hex }] });
    fs.writeFileSync(
      file,
      `import { createInterface } from 'node:readline';
const VALUE = ${JSON.stringify(audit?.value_utf8)};
const HELLO = ${JSON.stringify(hello)};
const answer = (request) => { ${answer} };
const out = async (text) => {
  if (!${Boolean(options.pieces)}) return void process.stdout.write(text);
  for (const c of text) { process.stdout.write(c); await new Promise((r) => setTimeout(r, 1)); }
};
for await (const line of createInterface({ input: process.stdin })) {
  const request = JSON.parse(line);
  if (request.op === 'hello') { await out(HELLO + '\\n'); continue; }
  const reply = answer(request);
  if (reply !== undefined) await out(reply + '\\n');
}
`,
    );
    return `'${process.execPath}' '${file}'`;
  }

  async function verifyWith(command: string, timeoutMs = 5000) {
    const store = readStore(path.join(fixturesDir, scenario, 'store'));
    const content = (await inspectFile(path.join(fixturesDir, scenario, 'cache', audit?.path as string))) as EntryContent;
    const stderr: string[] = [];
    const replayer = new Replayer(command, { timeoutMs, onStderr: (text) => stderr.push(text) });
    try {
      const projections = await replayer.hello();
      return { verdict: await verifyEntry(content, { replayer, projections, store }), stderr: stderr.join('') };
    } finally {
      replayer.close();
    }
  }

  const failure = async (command: string, code: string, timeoutMs?: number): Promise<void> => {
    await assert.rejects(verifyWith(command, timeoutMs), (error: unknown) => error instanceof ReplayerFailure && error.problem.code === code);
  };

  /** Answers init with null, fold with `state`, apply with `state` after every event (texts, so every digit stays). */
  const echoing = (state: string): string =>
    script(`const S = ${JSON.stringify(state)}; return request.op === 'init' ? '{"state":null}' : request.op === 'fold' ? '{"state":' + S + '}' : '{"states":[' + request.events.map(() => S).join(',') + ']}';`);

  it('states compare as JSON values: u64s to the last digit, 11.0 equal to 11, key order ignored', async () => {
    const value = audit?.value_utf8 as string;
    const reordered = `{"mean_payload_bytes":11,${value.slice(1).replace(/,"mean_payload_bytes":11\.0/, '')}`;
    assert.notEqual(reordered, value);
    assert.equal((await verifyWith(echoing(reordered))).verdict.result, 'match');
    const digits = /"checksum":(\d+)/.exec(value)?.[1] as string;
    const off = value.replace(digits, String(BigInt(digits) + 1n));
    const { verdict } = await verifyWith(echoing(off));
    // This replayer's checksum is the same after every event: they part after the first.
    const first = readEntityEvents(readStore(path.join(fixturesDir, scenario, 'store')), Buffer.from('doc:43'))?.events[0].sequence;
    assert.deepEqual(verdict, { result: 'diverged', projection: 'AuditTrail', jsonPath: '/checksum', cached: digits, replayed: String(BigInt(digits) + 1n), afterSequence: first });
  });

  it('a replayer that answers in pieces, a character at a time, is read whole; its stderr is handed over', async () => {
    const { verdict, stderr } = await verifyWith(script(`process.stderr.write('folding ' + request.op + '\\n'); return '{"state":' + (request.op === 'init' ? 'null' : VALUE) + '}';`, { pieces: true }));
    assert.equal(verdict.result, 'match');
    assert.match(stderr, /folding init\nfolding fold\n/);
  });

  it('crashes, hangs, bad JSON, out of order, extra lines and lying counts are failures, never verdicts', async () => {
    await failure(script(`process.exit(3);`), 'exited');
    await failure(script(`return undefined;`), 'timeout', 300);
    await failure(script(`return '{"state": {"total": 3,';`), 'not-json');
    await failure(script(`return JSON.stringify({ id: request.id + 1, state: null });`), 'out-of-order');
    await failure(script(`return '{"state":null}\\n{"state":null}';`), 'unasked');
    await failure(script(`return '{"nothing":1}';`), 'bad-answer');
    // Lies about counts: a fold that diverges, then an apply with one state too few.
    await failure(script(`if (request.op === 'apply') return JSON.stringify({ states: request.events.slice(1).map(() => null) }); return '{"state":null}';`), 'bad-answer');
    await failure(`'${path.join(tempDir(), 'no-such-replayer')}'`, 'spawn-failed');
  });

  it('the timeout is for the answer due next: requests asked ahead (as verify does) wait their turn without one', async () => {
    const replayer = new Replayer(script(`const t = Date.now(); while (Date.now() - t < 150); return '{"state":1}';`), { timeoutMs: 400 });
    try {
      await replayer.hello();
      const states = await Promise.all(Array.from({ length: 8 }, () => replayer.fold('AuditTrail', 'null', ['{}'])));
      assert.deepEqual(states, Array(8).fill('1'));
    } finally {
      replayer.close();
    }
  });

  it("the replayer's own error is about one entry: cannot verify, with its words", async () => {
    const { verdict } = await verifyWith(script(`return JSON.stringify({ error: 'unknown variant Foo' });`));
    assert.deepEqual(verdict, { result: 'unverifiable', projection: 'AuditTrail', reason: 'replayer-refused', detail: 'unknown variant Foo' });
  });

  it('the CLI: a replayer that dies is exit 2 with why; shell syntax, a bad --map and a missing root are refused', () => {
    const root = path.join(fixturesDir, scenario, 'cache');
    const died = run(['verify', root, '--store', path.join(fixturesDir, scenario, 'store'), '--replayer', script(`process.exit(3);`)]);
    assert.equal(died.status, 2);
    assert.match(died.stderr, /the replayer exited \(code 3\) before answering every request/);
    const piped = run(['verify', root, '--store', path.join(fixturesDir, scenario, 'store'), '--replayer', 'node demo.mjs | tee log']);
    assert.equal(piped.status, 2);
    assert.match(piped.stderr, /uses shell syntax/);
    assert.match(run(['verify', root, '--store', path.join(fixturesDir, scenario, 'store'), '--replayer', DEMO, '--map', 'CounterState']).stderr, /must be TYPEHASH:SCHEMA=NAME/);
    const missing = run(['verify', path.join(tempDir(), 'nothing'), '--store', path.join(fixturesDir, scenario, 'store'), '--replayer', DEMO]);
    assert.deepEqual([missing.status, /does not exist: check the path of the cache root/.test(missing.stderr)], [2, true]);
  });
});

describe('replay: command lines and matching', () => {
  it('a command line splits as a shell would: quotes and backslashes honoured, $VAR kept', () => {
    assert.deepEqual(splitCommand(`cargo run -q --bin "my replayer" -- 'a b' c\\ d $HOME`), ['cargo', 'run', '-q', '--bin', 'my replayer', '--', 'a b', 'c d', '$HOME']);
    assert.throws(() => splitCommand('node x.mjs > out'), /replayer-shell-syntax/);
    assert.throws(() => splitCommand('   '), /replayer-empty/);
  });

  it('k2 keys match by type hash, else schema and kinds hash; k1 keys need the type hash or a choice', () => {
    const projections: ReplayerProjection[] = [
      { name: 'CounterState', schemaVersion: 0n, kinds: [0x1001, 0x1002], typeHash: null },
      { name: 'SeenMarker', schemaVersion: 0n, kinds: [], typeHash: null },
      { name: 'Tagged', schemaVersion: 0n, kinds: [], typeHash: 0x0af02dd658466bd1n },
    ];
    const k2 = (hex: string) => parseKey(Buffer.from(hex, 'hex'), ['k2']);
    const nameOf = (match: ProjectionMatch): string | undefined => ('projection' in match ? match.projection.name : undefined);
    const counter = k2('636f756e7465723a616c706861000e1273e07d1d2e160000000000000000b64fa9abfda20532');
    assert.equal(nameOf(matchProjection(counter, projections)), 'CounterState');
    const seen = k2('6100d16b4658d62df00a0000000000000000459ec758b6ac60bd');
    assert.equal(nameOf(matchProjection(seen, projections)), 'Tagged', 'its type hash settles it');
    const audit = k2('6100e266589033de81120000000000000000459ec758b6ac60bd');
    assert.equal(nameOf(matchProjection(audit, projections)), 'SeenMarker', 'the only open projection over every kind');
    const k1 = parseKey(Buffer.from('636f756e7465723a616c706861004bb86c53bf5f7eca0000000000000000', 'hex'), ['k1']);
    assert.deepEqual(matchProjection(k1, projections), { unmatched: 'ambiguous', candidates: ['CounterState', 'SeenMarker'] });
    assert.equal(nameOf(matchProjection(k1, projections, new Map([['0xca7e5fbf536cb84b:0', 'CounterState']]))), 'CounterState');
  });
});
