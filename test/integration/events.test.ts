/**
 * An entity's events beside its cached projection, in a real VS Code: the entry editor's Events section, the Event
 * Store node and Show Entity Events…, on the stale fixture and the store it was projected from. What is expected
 * comes from the fixture's manifest (the events batpak appended after caching), never from our own reader.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';
import type { RootNode } from '../../src/extension/tree/nodes';
import { readManifest } from '../unit/helpers';
import { int, str, struct } from '../unit/rmp';
import { TestStore } from '../unit/storeWriter';
import { evalInFrame, frameText, screenshot, skipWithoutBridge } from './bridge';
import { activateExtension, INJECTED, nodeLabel, place, shownRoot, workspaceDir } from './helpers';

const SCENARIO = 'cache-0.6-c940fd5c/stale';
/** Events of account:1 in the store the hostile and paging tests write. */
const STORE_EVENTS = 450;
/** Text only the Events section shows: finds its frame whatever the events listed. */
const SECTION = 'Only after the watermark';

interface Operation {
  entity: string;
  global_sequence: number;
  kind: string;
  payload: Record<string, unknown>;
}

/** What the Events section shows, read from its DOM. */
interface ShownEvent {
  sequence: string;
  kind: string;
  after: boolean;
  relevant: boolean;
  preview: string;
}

const SHOWN_EVENTS = `[...document.querySelectorAll('.events-list > li')].map((li) => li.classList.contains('watermark-line') ? 'line' : ({
  sequence: li.querySelector('.event-seq').textContent, kind: li.querySelector('.event-kind').textContent,
  after: li.classList.contains('after'), relevant: li.classList.contains('relevant'), preview: li.querySelector('.event-preview').textContent }))`;

describe('events beside the projection', function () {
  this.timeout(120_000);
  const manifest = readManifest(SCENARIO) as unknown as { operations: Operation[]; files: Array<{ path: string; watermark: number; stale_vs_store?: boolean; key?: { entity_utf8: string; projection_type: string } }> };
  // AuditTrail consumes every kind: the events after its watermark are all the entity's later ones.
  const entry = manifest.files.find((f) => f.stale_vs_store && f.key?.projection_type === 'AuditTrail' && f.key.entity_utf8 === 'account:1');
  assert.ok(entry, 'the fixture has a stale AuditTrail entry for account:1');
  const later = manifest.operations.filter((op) => op.entity === 'account:1' && op.global_sequence > entry.watermark).sort((a, b) => b.global_sequence - a.global_sequence);
  let api: ExtensionApi;
  let cache: string;

  before(async () => {
    cache = place(SCENARIO, 'cache', 'evx/events-cache');
    place(SCENARIO, 'store', 'evx/events');
    api = await activateExtension();
    await vscode.workspace.getConfiguration('batpakCache').update('grouping', 'shard', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('batpakCache.refresh');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const dir of ['evx', 'evx-hostile']) fs.rmSync(path.join(workspaceDir(), dir), { recursive: true, force: true });
    await vscode.commands.executeCommand('batpakCache.refresh');
  });

  it('shows a stale entry exactly the events after its watermark, newest first, above the watermark line', async function () {
    skipWithoutBridge(this);
    assert.ok(later.length > 0, 'events came after the watermark');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(path.join(cache, entry.path)), 'batpakCache.entryEditor');
    await frameText('folded into this entry', 30_000);
    const shown = await evalInFrame<Array<ShownEvent | 'line'>>('folded into this entry', SHOWN_EVENTS);
    // "Only after the watermark" is on for a stale entry: those events, then the line.
    assert.deepEqual(
      shown,
      [
        ...later.map((op) => ({ sequence: `#${op.global_sequence}`, kind: op.kind, after: true, relevant: true, preview: JSON.stringify(op.payload) })),
        'line',
      ],
    );
    assert.equal(await evalInFrame('folded into this entry', `document.getElementById('events-after-only').checked`), true);
  });

  it('draws the line between the later events and the folded ones, and the badge jumps back to the later ones', async function () {
    skipWithoutBridge(this);
    await evalInFrame('folded into this entry', `document.getElementById('events-after-only').click()`);
    await waitFor(async () => (await evalInFrame<unknown[]>('folded into this entry', SHOWN_EVENTS)).length > later.length + 1);
    const all = await evalInFrame<Array<ShownEvent | 'line'>>('folded into this entry', SHOWN_EVENTS);
    const line = all.indexOf('line');
    assert.equal(line, later.length, 'the line comes right after the later events');
    assert.ok(all.slice(line + 1).every((e) => e !== 'line' && !e.after && Number(e.sequence.slice(1)) <= entry.watermark), 'below it, only events up to the watermark');
    assert.equal((all[line + 1] as ShownEvent).sequence, `#${entry.watermark}`, 'the first folded event is the watermark');

    await evalInFrame('folded into this entry', `document.querySelector('button.badge.jump').click()`);
    await waitFor(async () => (await evalInFrame<unknown[]>('folded into this entry', SHOWN_EVENTS)).length === later.length + 1);
    const focused = await evalInFrame<string>('folded into this entry', `document.activeElement.closest('.event')?.querySelector('.event-seq').textContent ?? ''`);
    assert.equal(focused, `#${later[0].global_sequence}`, 'the newest later event has the focus');
  });

  it('opens a payload in the exact JSON tree (events.png)', async function () {
    skipWithoutBridge(this);
    await evalInFrame('folded into this entry', `document.querySelector('.event-head').click()`);
    const memo = String(later[0].payload.memo);
    await waitFor(async () => (await evalInFrame<string>('folded into this entry', `document.querySelector('.event-payload')?.textContent ?? ''`)).includes(memo));
    const tree = await evalInFrame<string>('folded into this entry', `document.querySelector('.event-payload').textContent`);
    for (const [key, value] of Object.entries(later[0].payload)) assert.ok(tree.includes(key) && tree.includes(JSON.stringify(value)), `${key}: ${JSON.stringify(value)} shown`);
    // The picture: every event, the line between those after the watermark and those folded in.
    await evalInFrame('folded into this entry', `document.getElementById('events-after-only').click()`);
    await waitFor(async () => (await evalInFrame<unknown[]>('folded into this entry', SHOWN_EVENTS)).length > later.length + 1);
    await evalInFrame('folded into this entry', `document.querySelector('.event-head').click(), document.querySelector('.watermark-line').scrollIntoView({ block: 'center' })`);
    await sleep(800);
    await screenshot('events.png');
  });

  it('lists the store under its root as Event Store, with every entity and its event count', async () => {
    const root = (await shownRoot(api, cache)) as RootNode;
    const children = await api.tree.getChildren(root);
    const store = children.find((node) => nodeLabel(api, node) === 'Event Store');
    assert.ok(store, 'an Event Store node');
    const entities = new Map<string, string>();
    for (const node of await api.tree.getChildren(store)) entities.set(nodeLabel(api, node), String(api.tree.getTreeItem(node).description));
    for (const op of manifest.operations) assert.match(entities.get(op.entity) ?? '', /^\d+ events? · last #\d+/, op.entity);
    assert.match(entities.get('account:1') ?? '', new RegExp(` · last #${later[0].global_sequence} · `));
  });

  it('opens an entity\u2019s events as a read-only JSON document', async () => {
    const uri = (await vscode.commands.executeCommand('batpakCache.showEntityEvents', { store: path.join(workspaceDir(), 'evx', 'events'), entity: 'account:1' })) as vscode.Uri;
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    const events = JSON.parse(text.replace(/^\/\/.*\n/gm, '')) as Array<{ sequence: number; kind: string; payload: unknown }>;
    assert.deepEqual(
      events.slice(0, later.length).map((e) => [e.sequence, e.kind, e.payload]),
      later.map((op) => [op.global_sequence, op.kind, op.payload]),
    );
  });

  it('shows hostile payload strings as text and every integer exact', async function () {
    skipWithoutBridge(this);
    const hostile = '</script><img src=x onerror=alert(1)>\u202etxt.exe <b>"';
    const dir = place(SCENARIO, 'cache', 'evx-hostile/events-cache');
    // 450 events of account:1 (the next test pages them), the newest one hostile.
    const store = new TestStore(path.join(workspaceDir(), 'evx-hostile', 'events'));
    for (let i = 0; i < STORE_EVENTS - 1; i++) store.append({ entity: 'account:1', kind: i % 2 ? 0x2003 : 0x2002, payload: struct({ i: int(i) }) });
    store.append({ entity: 'account:1', kind: 0x2002, payload: struct({ max: int(2n ** 64n - 1n), note: str(hostile) }) });
    await vscode.commands.executeCommand('batpakCache.refresh');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(path.join(dir, entry.path)), 'batpakCache.entryEditor');
    await frameText('txt.exe', 30_000);
    await evalInFrame('txt.exe', `document.querySelector('.event-head').click()`);
    await waitFor(async () => (await evalInFrame<string>('txt.exe', `document.querySelector('.event-payload')?.textContent ?? ''`)).includes('18446744073709551615'));
    const preview = await evalInFrame<string>('txt.exe', `document.querySelector('.event-preview').textContent`);
    assert.equal(preview, JSON.stringify({ max: 0, note: hostile }).replace('0', '18446744073709551615'));
    assert.ok((await evalInFrame<string>('txt.exe', `document.querySelector('.event-payload').textContent`)).includes(JSON.stringify(hostile)), 'the string whole in the tree');
    assert.deepEqual(await evalInFrame('txt.exe', INJECTED), { scripts: 0, imgs: 0, svgs: 0, handlers: 0 });
  });

  it('pages the events 200 at a time and filters them by kind', async function () {
    skipWithoutBridge(this);
    // The entry's watermark (221) is one of these events: the later ones are shown, sequences 222 to 449.
    const later = STORE_EVENTS - 1 - entry.watermark;
    const rows = (): Promise<number> => evalInFrame<number>(SECTION, `document.querySelectorAll('.events-list > li.event').length`);
    const more = (): Promise<string | null> => evalInFrame<string | null>(SECTION, `(b => b.hidden ? null : b.textContent)(document.querySelector('.events-more'))`);
    assert.equal(await rows(), 200);
    assert.equal(await more(), `Load more (${later - 200} of ${later - 200} remaining)`);
    await evalInFrame(SECTION, `document.querySelector('.events-more').click()`);
    await waitFor(async () => (await rows()) === later);
    assert.equal(await more(), null, 'everything shown: no Load more');
    assert.equal(await evalInFrame(SECTION, `document.querySelector('.events-list > li:last-child').className`), 'watermark-line', 'the line below them');
    await evalInFrame(SECTION, `(s => { s.value = String(0x2003); s.dispatchEvent(new Event('change')); })(document.querySelector('.events-kinds'))`);
    const odd = Array.from({ length: later }, (_, i) => entry.watermark + 1 + i).filter((sequence) => sequence % 2 === 1 && sequence < STORE_EVENTS - 1);
    await waitFor(async () => (await rows()) === odd.length);
    const kinds = await evalInFrame<string[]>(SECTION, `[...document.querySelectorAll('.event-kind')].map((k) => k.textContent)`);
    assert.deepEqual([...new Set(kinds)], ['0x2003']);
  });

  it('says how to link a store where none is linked', async function () {
    skipWithoutBridge(this);
    const lonely = place('cache-0.3.0/basic', 'cache', 'evx/lonely/cache');
    await vscode.commands.executeCommand('batpakCache.refresh');
    const first = readManifest('cache-0.3.0/basic').files.find((f) => f.kind === 'cache_entry');
    assert.ok(first);
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(path.join(lonely, first.path)), 'batpakCache.entryEditor');
    const text = await frameText('No event store is linked', 30_000);
    assert.match(text, /link one with Batpak Cache: Link Event Store…/);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the Events section');
    await sleep(100);
  }
}
