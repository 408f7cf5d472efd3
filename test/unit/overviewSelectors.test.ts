/**
 * The selectors the overview's bars filter the tree by: an audit class (auditClassifier) takes exactly the files the
 * audit counted in it, and a range of cached-at ages exactly the entries the census's age bucket counted, on real
 * batpak roots (a copy of the mixed scenario with its store; the stale scenario).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { AUDIT_CLASSES, auditClassifier, FRESHNESS_STATES, listEntries, readStore, scanCensus, walk } from '../../src/core';
import { copyFixture, fixturesDir } from './helpers';

describe('overview selectors', function () {
  this.timeout(60_000);

  it('auditClassifier puts every file in the class the audit counted it in, and no other', async () => {
    const scenario = 'cache-0.3.0/mixed';
    const storeDir = path.join(fixturesDir, scenario, 'store');
    const root = copyFixture(scenario);
    const census = await scanCensus(root, { storeDir, tempGraceMs: 0, staleAfterEvents: 1 });
    const classOf = auditClassifier(census, readStore(storeDir));
    const found = new Map<string, string[]>();
    for await (const record of walk(root, { layout: census.layout, now: census.now })) {
      const cls = classOf(record);
      if (cls) found.set(cls, [...(found.get(cls) ?? []), record.path]);
    }
    for (const report of census.audit.classes) {
      assert.equal(found.get(report.class)?.length ?? 0, report.count, report.class);
      assert.deepEqual((found.get(report.class) ?? []).sort().slice(0, report.sample.length), report.sample, report.class);
    }
    assert.ok(AUDIT_CLASSES.filter((cls) => found.has(cls)).length >= 3, 'the scenario fills several classes');
    // Without the store, the store classes hold nothing.
    const storeless = auditClassifier(census, undefined);
    for await (const record of walk(root, { layout: census.layout, now: census.now })) {
      assert.ok(!['unknown-entity', 'stale'].includes(storeless(record) ?? ''), record.path);
    }
  });

  it('a cachedAge selector lists the entries of its age bucket', async () => {
    const root = copyFixture('cache-0.6-c940fd5c/stale');
    const census = await scanCensus(root, {});
    const { edges, counts } = census.cachedAtAges;
    for (const [i, count] of counts.entries()) {
      const listing = await listEntries(root, { layout: census.layout, selectors: [{ kind: 'cachedAge', now: census.now, fromMs: edges[i], toMs: edges[i + 1] ?? null }] });
      assert.equal(listing.total, count, `bucket ${i}`);
    }
    assert.ok(counts.some((n) => n > 0));
  });

  it("a freshness selector with the census's k1 hints lists the entries the census counted in each state", async () => {
    const scenario = 'cache-0.3.0/mixed';
    const storeDir = path.join(fixturesDir, scenario, 'store');
    const root = copyFixture(scenario);
    const census = await scanCensus(root, { storeDir });
    const store = readStore(storeDir);
    const judged = census.freshness;
    assert.ok(judged);
    for (const state of FRESHNESS_STATES) {
      const listing = await listEntries(root, { layout: census.layout, selectors: [{ kind: 'freshness', states: [state], store, groupKinds: judged.groupKinds }] });
      assert.equal(listing.total, judged.counts[state], state);
    }
  });
});
