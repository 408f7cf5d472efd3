// The cache entry editor in a real VS Code: real batpak files (copied from test/fixtures into the opened workspace)
// opened with the custom editor, and assertions on what its webview really rendered (through the workbench bridge).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as vscode from 'vscode';
import { encodeStoreKey, encodeTrailer, entryPath, toHex, Trailer } from '../../src/core';
import type { EditorState } from '../../src/extension/editor/entryEditor';
import type { ExtensionApi } from '../../src/extension/extension';
import { JsonOutline } from '../../src/extension/editor/jsonOutline';
import { parseHostMessage, parseWebviewMessage } from '../../src/shared/protocol';
import { sparseEntry } from '../unit/builders';
import { fixturesDir } from '../unit/helpers';
import { bridgeAvailable, clickButton, dialogsSeen, evalInFrame, frameText, screenshot, skipWithoutBridge } from './bridge';
import { activateExtension, INJECTED } from './helpers';

const VIEW_TYPE = 'batpakCache.entryEditor';

/** Where the tests' cache files go: outside the workspace, which the tree suite's discovery scans. */
const scratchBase = fs.mkdtempSync(path.join(os.tmpdir(), 'bce-editor-'));
let scratchCount = 0;

/**
 * A new folder for one test's files. Never a path used before: VS Code may keep a closed editor's directory watcher
 * alive a little while, and a watcher on a path deleted and created again can miss events.
 */
function scratch(name: string): string {
  const dir = path.join(scratchBase, `${name}-${++scratchCount}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Copies a fixture's cache root and returns the absolute path of `file` (relative to the root) in the copy. */
function fixtureFile(scenario: string, file: string): string {
  const root = path.join(scratch(scenario.replace(/\W+/g, '-')), 'cache');
  fs.cpSync(path.join(fixturesDir, scenario, 'cache'), root, { recursive: true });
  return path.join(root, file);
}

let api: ExtensionApi;

function state(file: string): EditorState | undefined {
  return api.editorState(vscode.Uri.file(file));
}

/** Waits until the editor for `file` has rendered a revision at least `revision` (its current one by default). */
async function rendered(file: string, revision?: number, timeoutMs = 15_000): Promise<EditorState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = state(file);
    if (current && current.renderedRevision >= (revision ?? current.revision)) return current;
    if (Date.now() > deadline) {
      if (bridgeAvailable()) await screenshot('editor-timeout.png');
      throw new Error(`the entry editor did not render ${path.basename(file)}: ${JSON.stringify(current)}`);
    }
    await sleep(50);
  }
}

async function open(file: string): Promise<EditorState> {
  await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(file), VIEW_TYPE);
  return rendered(file);
}

function activeViewType(): string | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom ? input.viewType : input instanceof vscode.TabInputText ? 'text' : undefined;
}


/** A real-format entry with a value of about `megabytes` MB: JSON with u64 numbers, then a v1 trailer. */
function writeBigEntry(megabytes: number, watermark: bigint): { file: string; bytes: number } {
  const rows: string[] = [];
  let size = 0;
  for (let n = 0; size < megabytes * 1024 * 1024; n++) {
    const row = `{"n":${n},"digest":${18446744073709551615n - BigInt(n)},"text":"${'x'.repeat(400)}<script>alert(${n})</script>"}`;
    rows.push(row);
    size += row.length + 1;
  }
  const value = Buffer.from(`{"rows":[${rows.join(',')}],"checksum":12638153115695167476}`);
  const key = encodeStoreKey(Buffer.from(`archive:big-${megabytes}m`), 0x270b3e4895bde363n, 0n);
  const root = path.join(scratch(`big-${megabytes}m`), 'cache');
  const file = path.join(root, entryPath(toHex(key)));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.concat([value, encodeTrailer({ format: 'v1', watermark, cachedAtUs: BigInt(Date.now()) * 1000n })]));
  return { file, bytes: value.length };
}

describe('cache entry editor', function () {
  this.timeout(90_000);

  before(async () => {
    api = await activateExtension();
    // Without the editor every test below would fail on its own; this says why once, and never skips.
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('batpakCache.editor.openRaw'), 'activate() registers the entry editor (registerEntryEditor, src/extension/editor/index.ts)');
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(() => {
    fs.rmSync(scratchBase, { recursive: true, force: true });
  });

  describe('opening', () => {
    it('opens cache entries by default: <hex>.bin in a two-hex-digit directory, the empty key 00/.bin', async () => {
      const entry = fixtureFile('cache-0.3.0/basic', '61/61000ba05361248aad7e0000000000000000.bin');
      await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(entry));
      await rendered(entry);
      assert.equal(activeViewType(), VIEW_TYPE);

      const emptyKey = fixtureFile('cache-0.3.0/adversarial', '00/.bin');
      await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(emptyKey));
      await rendered(emptyKey);
      assert.equal(activeViewType(), VIEW_TYPE);
    });

    it('opens a temp file when asked to (vscode.openWith), and says what it is', async () => {
      const temp = fixtureFile('cache-0.3.0/adversarial', '61/.tmpLMom54');
      await open(temp);
      assert.equal(activeViewType(), VIEW_TYPE);
      if (!bridgeAvailable()) return;
      const text = await frameText('Temp file: an orphaned write');
      assert.match(text, /batpak never cleans temp files up/);
    });
  });

  describe('what it shows', () => {
    beforeEach(function () {
      skipWithoutBridge(this);
    });

    it('a v1 entry: entity, key layout, watermark, cached-at, freshness, and a u64 in the value exactly', async () => {
      await open(fixtureFile('cache-0.3.0/basic', '61/61000ba05361248aad7e0000000000000000.bin'));
      const text = await frameText('12638153115695167476');
      for (const expected of ['k1', 'trailer v1', 'Watermark', '19', '0x7ead8a246153a00b', 'Cached at', 'MaybeStale', 'max_stale_ms = 60000', 'Consistent', 'checksum']) {
        assert.ok(text.includes(expected), `missing ${expected}`);
      }
      assert.match(text, /would (use|replay) this entry/);
    });

    it('a v2 entry: kinds hash, monotonic clock and process boot (screenshot editor.png)', async () => {
      await open(fixtureFile('cache-0.6-c940fd5c/basic', '63/636f756e7465723a616c70686100e266589033de81120000000000000000459ec758b6ac60bd.bin'));
      const text = await frameText('counter:alpha');
      for (const expected of ['k2', 'trailer v2', '0xbd60acb658c79e45', '1444636 ns', 'Process boot', '339']) {
        assert.ok(text.includes(expected), `missing ${expected}`);
      }
      assert.doesNotMatch(text, /Damaged trailer|Not valid JSON/);
      await screenshot('editor.png');
    });

    it('follows the theme: dark and high contrast (screenshots editor-dark.png, editor-hc.png)', async () => {
      const file = fixtureFile('cache-0.6-c940fd5c/basic', '63/636f756e7465723a616c70686100e266589033de81120000000000000000459ec758b6ac60bd.bin');
      const workbench = vscode.workspace.getConfiguration('workbench');
      try {
        for (const [theme, kind, shot] of [
          ['Default Dark Modern', 'vscode-dark', 'editor-dark.png'],
          ['Default High Contrast', 'vscode-high-contrast', 'editor-hc.png'],
        ]) {
          await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
          await open(file);
          await frameText('counter:alpha');
          assert.equal(await evalInFrame('counter:alpha', `document.body.classList.contains('${kind}')`), true);
          await screenshot(shot);
          await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        }
      } finally {
        await workbench.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('a raw key as text and hex; markup in it is shown, never run', async () => {
      const before = await dialogsSeen();
      await open(fixtureFile('cache-0.3.0/adversarial', '3c/3c7363726970743e616c6572742835293c2f7363726970743e.bin'));
      const text = await frameText('<script>alert(5)</script>');
      assert.match(text, /raw key/);
      assert.match(text, /3c7363726970743e616c6572742835293c2f7363726970743e/);
      assert.deepEqual(await evalInFrame('<script>alert(5)</script>', INJECTED), { scripts: 0, imgs: 0, svgs: 0, handlers: 0 });
      assert.equal(await dialogsSeen(), before);
    });

    it('payloads in entities and values are text: <img onerror>, </script>, <svg onload>', async () => {
      const before = await dialogsSeen();
      await open(fixtureFile('cache-0.3.0/adversarial', '3c/3c696d67207372633d78206f6e6572726f723d616c6572742834293e002b6ddf7f4dc072b30900000000000000.bin'));
      const text = await frameText('<img src=x onerror=alert(4)>');
      assert.ok(text.split('<img src=x onerror=alert(4)>').length >= 3, 'the entity and the value both show the payload');
      assert.deepEqual(await evalInFrame('<img src=x onerror=alert(4)>', INJECTED), { scripts: 0, imgs: 0, svgs: 0, handlers: 0 });

      await open(fixtureFile('cache-0.3.0/adversarial', '66/666565643a7873732d780011e67328a80c20450002000000000000.bin'));
      const xss = await frameText('feed:xss-x');
      assert.ok(xss.includes('</script><script>alert(\\"x\\")</script>'), 'the </script> payload is shown as stored');
      assert.deepEqual(await evalInFrame('feed:xss-x', INJECTED), { scripts: 0, imgs: 0, svgs: 0, handlers: 0 });
      assert.equal(await dialogsSeen(), before);
    });

    it('a corrupt file: what is wrong and what batpak does; Repair deletes it after a modal confirmation', async () => {
      const corrupt = fixtureFile('cache-0.3.0/adversarial', '66/666565643a7873732d790011e67328a80c20450002000000000000.bin');
      const { revision } = await open(corrupt);
      const text = await frameText('Corrupt: 7 bytes');
      assert.match(text, /get\(\) deletes this file and replays/);
      await evalInFrame('Corrupt: 7 bytes', `[...document.querySelectorAll('button')].find((b) => b.textContent === 'Repair').click()`);
      await frameText('Repair cache entry');
      await clickButton('Repair');
      await rendered(corrupt, revision + 1);
      assert.equal(fs.existsSync(corrupt), false);
      assert.match(await frameText('Deleted: the file no longer exists'), /Deleted/);
    });

    it("a projection's value whose JSON was overwritten: not valid JSON, where parsing fails, and what batpak does", async () => {
      // batpak's manifest: "2 bytes inside the JSON value overwritten; trailer intact (decodes, JSON invalid)".
      await open(fixtureFile('cache-0.6-c940fd5c/delete_prefix', '75/757365723ac3a96d696c65000e1273e07d1d2e160000000000000000b64fa9abfda20532.bin'));
      const text = await frameText('Not valid JSON');
      assert.match(text, /Not valid JSON: batpak's get would fail to decode it and replay the projection\./);
      assert.match(text, /Parsing fails at byte 8 of the value/);
      assert.match(text, /Every read replays this projection: its value is not valid JSON/);
      assert.doesNotMatch(text, /would use this entry/);
    });

    it('a misplaced entry: batpak never reads it', async () => {
      const entry = fixtureFile('cache-0.3.0/basic', '61/61000ba05361248aad7e0000000000000000.bin');
      const misplaced = path.join(path.dirname(path.dirname(entry)), '62', path.basename(entry));
      fs.mkdirSync(path.dirname(misplaced));
      fs.renameSync(entry, misplaced);
      await open(misplaced);
      assert.match(await frameText('Misplaced'), /batpak never reads it/);
    });

    it('an implausible trailer is called out, not shown as a date', async () => {
      const entry = fixtureFile('cache-0.3.0/basic', '61/61000ba05361248aad7e0000000000000000.bin');
      const bytes = fs.readFileSync(entry);
      encodeTrailer({ format: 'v1', watermark: 19n, cachedAtUs: -5n }).copy(bytes, bytes.length - 16);
      fs.writeFileSync(entry, bytes);
      await open(entry);
      const text = await frameText('Damaged trailer');
      assert.match(text, /-5 µs since 1970/);
      assert.match(text, /batpak still reads this entry/);
    });

    it('Delete asks in a modal dialog, then the view says the file is gone', async () => {
      const entry = fixtureFile('cache-0.6-c940fd5c/basic', '63/636f756e7465723a62657461000e1273e07d1d2e160000000000000000b64fa9abfda20532.bin');
      const { revision } = await open(entry);
      await frameText('counter:beta');
      const deleting = vscode.commands.executeCommand('batpakCache.editor.delete');
      await frameText('Delete cache entry "counter:beta"?');
      await clickButton('Delete');
      await deleting;
      await rendered(entry, revision + 1);
      assert.equal(fs.existsSync(entry), false);
      assert.match(await frameText('Deleted: the file no longer exists'), /counter:beta/);
    });

    it('follows a rewrite: the new watermark appears', async () => {
      const entry = fixtureFile('cache-0.3.0/basic', '61/61000ba05361248aad7e0000000000000000.bin');
      const { revision } = await open(entry);
      await frameText('12638153115695167476');
      const bytes = fs.readFileSync(entry);
      encodeTrailer({ format: 'v1', watermark: 987654321n, cachedAtUs: BigInt(Date.now()) * 1000n }).copy(bytes, bytes.length - 16);
      // The way batpak writes: a temp file renamed over the entry.
      const temp = path.join(path.dirname(entry), '.tmpAbC123');
      fs.writeFileSync(temp, bytes);
      fs.renameSync(temp, entry);
      await rendered(entry, revision + 1);
      await frameText('987654321');
    });

    it('the JSON tree answers the keyboard', async () => {
      await open(fixtureFile('cache-0.3.0/basic', '61/61000ba05361248aad7e0000000000000000.bin'));
      await frameText('12638153115695167476');
      const focusedAfter = (keys: string[]): string => `(async () => {
        const tree = document.querySelector('[role="tree"]');
        tree.querySelector('[role="treeitem"][tabindex="0"]').focus();
        for (const key of ${JSON.stringify(keys)}) {
          document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return document.activeElement.querySelector('.json-row').textContent;
      })()`;
      assert.match(await evalInFrame<string>('12638153115695167476', focusedAfter(['ArrowDown'])), /^total: 1/);
      assert.match(await evalInFrame<string>('12638153115695167476', focusedAfter(['End', 'ArrowLeft', 'ArrowLeft'])), /^\{…\}/);
    });
  });

  describe('large values', () => {
    it('opens a 5 MB value: the editor\'s own work takes under a second', async () => {
      const { file, bytes } = writeBigEntry(5, 5n);
      const started = performance.now();
      const { timing } = await open(file);
      const wall = performance.now() - started;
      assert.ok(timing);
      const ms = (value: number): string => `${Math.round(value)} ms`;
      console.log(
        `      5 MB value (${bytes} bytes): interactive ${ms(timing.openToInteractiveMs)} after opening (${ms(wall)} after vscode.openWith), ` +
          `${ms(timing.resolveToInteractiveMs)} after resolveCustomEditor; webview start-up ${ms(timing.webviewStartMs)}, the editor's own work ${ms(timing.ownWorkMs)}`,
      );
      // The workbench's webview start-up is not the editor's to speed up (in headless code-server an empty webview
      // takes 0.5-1.4 s to post its first message); everything else must fit in a second.
      assert.ok(timing.ownWorkMs < 1000, `the editor's own work took ${ms(timing.ownWorkMs)}`);
    });

    it('shows the 2 MB archive of batpak 0.3.0 and scrolls its hex dump to the end with a bounded DOM', async function () {
      skipWithoutBridge(this);
      await open(fixtureFile('cache-0.3.0/adversarial', '61/617263686976653a6269672d326d003263e3bd95483e270b00000000000000.bin'));
      await frameText('archive:big-2m');
      const probe = `(async () => {
        const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
        document.getElementById('value-tab-hex').click();
        await wait(300);
        const rows = document.querySelector('.vrows');
        rows.scrollTop = rows.scrollHeight;
        await wait(800);
        const offsets = [...document.querySelectorAll('.hex-row .offset')].map((o) => o.textContent);
        return { last: offsets[offsets.length - 1], rows: document.querySelectorAll('.vrow').length, nodes: document.querySelectorAll('*').length };
      })()`;
      const result = await evalInFrame<{ last: string; rows: number; nodes: number }>('archive:big-2m', probe);
      // 2,056,296 value bytes: the last row starts at 0x1f6060.
      assert.equal(result.last, '001f6060');
      assert.ok(result.rows < 200, `${result.rows} rows in the DOM`);
      assert.ok(result.nodes < 3000, `${result.nodes} elements in the DOM`);
    });
  });

  describe('a 1 GiB value (sparse file)', () => {
    it('opens at once: size and trailer, the hex of its first 16 MB and why it stops there; copying is refused', async () => {
      const size = 2 ** 30;
      const now = BigInt(Date.now());
      const trailer: Trailer = { format: 'v2', watermark: 777777n, cachedAtUs: now * 1000n, cachedAtMonoNs: 1n, processBootNs: (now - 60_000n) * 1_000_000n };
      const spec = { entity: 'archive:1gib', typeHash: 0x270b3e4895bde363n, schema: 0n, kindsHash: 0x99n, trailer };
      const file = sparseEntry(path.join(scratch('gib'), 'cache'), spec, size);
      const started = performance.now();
      const { timing } = await open(file);
      assert.ok(timing);
      console.log(`      1 GiB value: interactive ${Math.round(performance.now() - started)} ms after vscode.openWith, the editor's own work ${Math.round(timing.ownWorkMs)} ms`);
      assert.ok(timing.ownWorkMs < 3000, `the editor's own work took ${Math.round(timing.ownWorkMs)} ms`);
      if (!bridgeAvailable()) return;
      const text = await frameText('archive:1gib');
      for (const expected of ['777777', '1,073,741,824 bytes', 'trailer v2', 'Showing the first 16 MB of a 1.0 GB value', 'Not decoded', 'xxd -s 16777216 -l 1056964568']) {
        assert.ok(text.includes(expected), `missing ${expected}`);
      }
      const probe = `(async () => {
        const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
        const rows = document.querySelector('.vrows');
        rows.scrollTop = rows.scrollHeight;
        await wait(800);
        const offsets = [...document.querySelectorAll('.hex-row .offset')].map((o) => o.textContent);
        const copy = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Copy Value');
        return { last: offsets[offsets.length - 1], rows: document.querySelectorAll('.vrow').length, copyDisabled: copy.getAttribute('aria-disabled') };
      })()`;
      const result = await evalInFrame<{ last: string; rows: number; copyDisabled: string }>('archive:1gib', probe);
      assert.deepEqual(result, { last: '00fffff0', rows: result.rows, copyDisabled: 'true' });
      assert.ok(result.rows < 200, `${result.rows} rows in the DOM`);
    });
  });

  // Last: opening plain files in text editors keeps the workbench busy for a few seconds afterwards.
  describe('what it leaves alone', () => {
    it('leaves other .bin files to VS Code', async () => {
      const dir = scratch('not-a-cache');
      for (const name of ['firmware/61.bin', 'ab/notes.bin', 'abc/61.bin']) {
        const file = path.join(dir, name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, 'not a cache entry');
        await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file));
        await sleep(300);
        assert.notEqual(activeViewType(), VIEW_TYPE, name);
      }
    });
  });
});

// The parts that need no editor open: they run even before activate() registers the editor.
describe('cache entry editor internals', () => {
  describe('JSON outline (no UI)', () => {
    const texts = (outline: JsonOutline, members = outline.membersOf(outline.root)): string[] =>
      members.map((m) => `${m.key ?? '#'}=${outline.text.slice(m.start, m.end)}`);

    it('keeps scalars exactly as stored, escapes and all', () => {
      const outline = new JsonOutline(' { "a" : [1, {"b":"x\\"}"}, [ ]] , "c":12638153115695167476,"d":"q\\\\", "e\\"":{ }, "f":-1.0e-7 } ');
      assert.deepEqual(texts(outline), ['a=[1, {"b":"x\\"}"}, [ ]]', 'c=12638153115695167476', 'd="q\\\\"', 'e"={ }', 'f=-1.0e-7']);
      const [a] = outline.membersOf(outline.root);
      assert.equal(outline.countOf(a), 3);
      assert.deepEqual(texts(outline, outline.membersOf(a)), ['#=1', '#={"b":"x\\"}"}', '#=[ ]']);
      assert.equal(outline.countOf(outline.membersOf(a)[2]), 0);
    });

    it('answers only for spans it handed out, and survives deep nesting', () => {
      const deep = '['.repeat(20_000) + ']'.repeat(20_000);
      const outline = new JsonOutline(deep);
      assert.equal(outline.root.end, deep.length);
      assert.equal(outline.find(1, deep.length - 1), undefined);
      const [child] = outline.membersOf(outline.root);
      assert.deepEqual(outline.find(child.start, child.end)?.kind, 'array');
    });
  });

  describe('protocol', () => {
    it('rejects unknown and malformed messages on both sides', () => {
      assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
      assert.equal(parseWebviewMessage({ type: 'action', action: 'format-disk' }), undefined);
      assert.equal(parseWebviewMessage({ type: 'query', id: 1, revision: 1, query: { kind: 'hexRows', first: -1, count: 5 } }), undefined);
      assert.equal(parseWebviewMessage({ type: 'ready', extra: true }), undefined);
      assert.equal(parseWebviewMessage('ready'), undefined);
      assert.equal(parseHostMessage({ type: 'answer', id: 1, answer: { kind: 'hexRows', first: 0, rows: [{ offset: 1 }] } }), undefined);
      assert.equal(parseHostMessage({ type: 'show', view: { revision: 1 } }), undefined);
    });
  });
});
