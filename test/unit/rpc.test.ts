/** The webview's questions to the host (media/editor/rpc.ts): every question is settled, a malformed answer rejects it. */
import * as assert from 'node:assert/strict';
import { Rpc } from '../../media/editor/rpc';
import type { WebviewMessage } from '../../src/shared/protocol';

function rpc(): { rpc: Rpc; posted: WebviewMessage[]; warnings: string[] } {
  const posted: WebviewMessage[] = [];
  const warnings: string[] = [];
  return { rpc: new Rpc((message) => posted.push(message), (text) => warnings.push(text)), posted, warnings };
}

const hexRows = { kind: 'hexRows', first: 0, rows: [{ offset: '00000000', hex: '41', ascii: 'A' }] } as const;

describe('webview rpc', () => {
  it('posts a question with a new id and resolves it with its answer', async () => {
    const { rpc: client, posted } = rpc();
    const first = client.ask(3, { kind: 'hexRows', first: 0, count: 1 });
    const second = client.ask(3, { kind: 'hexRows', first: 1, count: 1 });
    assert.deepEqual(posted.map((m) => m.type === 'query' && [m.id, m.revision]), [[1, 3], [2, 3]]);
    assert.equal(client.receive({ type: 'answer', id: 2, answer: { ...hexRows, first: 1 } }), undefined);
    assert.equal(client.receive({ type: 'answer', id: 1, answer: hexRows }), undefined);
    assert.deepEqual(await first, hexRows);
    assert.deepEqual(await second, { ...hexRows, first: 1 });
  });

  it('rejects the question a malformed answer is for, and warns', async () => {
    const { rpc: client, warnings } = rpc();
    const asked = client.ask(1, { kind: 'hexRows', first: 0, count: 1 });
    const other = client.ask(1, { kind: 'hexRows', first: 1, count: 1 });
    // A row with a number where the protocol says text: the guard refuses the whole message.
    client.receive({ type: 'answer', id: 1, answer: { kind: 'hexRows', first: 0, rows: [{ offset: 0, hex: '41', ascii: 'A' }] } });
    await assert.rejects(asked, /malformed answer/);
    assert.deepEqual(warnings, ['Entry editor: ignored a malformed message']);
    // The other question still waits for its own answer, and a late answer to the failed one changes nothing.
    client.receive({ type: 'answer', id: 1, answer: hexRows });
    client.receive({ type: 'answer', id: 2, answer: hexRows });
    assert.deepEqual(await other, hexRows);
  });

  it('returns the view of a show message; drops other malformed messages', () => {
    const { rpc: client, warnings } = rpc();
    const view = {
      revision: 1,
      title: 't',
      subtitle: 's',
      badges: [],
      notices: [],
      sections: [],
      freshness: null,
      value: null,
      events: null,
      actions: Object.fromEntries(['delete', 'repair', 'copyKey', 'copyValue', 'revealInTree', 'openRaw'].map((name) => [name, { shown: true, enabled: true, tooltip: '' }])),
    };
    assert.deepEqual(client.receive({ type: 'show', view }), view);
    for (const bad of [null, 'show', { type: 'show', view: { ...view, title: 1 } }, { type: 'answer', id: 'x' }, { type: 'answer', id: 99, answer: hexRows }]) {
      assert.equal(client.receive(bad), undefined);
    }
    assert.equal(warnings.length, 4, 'each malformed message is reported; an answer to no question is not malformed');
  });

  it('takes a page of events only when every row is well formed', async () => {
    const { rpc: client } = rpc();
    const row = { sequence: '347', kind: '0x2002', relevant: true, after: true, time: 't', detail: 'd', damage: null, preview: '{}', payload: null };
    const page = { kind: 'events', offset: 0, total: 1, rows: [row] };
    const good = client.ask(1, { kind: 'events', afterOnly: true, kinds: [], offset: 0, limit: 200 });
    client.receive({ type: 'answer', id: 1, answer: page });
    assert.deepEqual(await good, page);
    const bad = client.ask(1, { kind: 'events', afterOnly: true, kinds: [], offset: 0, limit: 200 });
    client.receive({ type: 'answer', id: 2, answer: { ...page, rows: [{ ...row, payload: { handle: -1, root: null } }] } });
    await assert.rejects(bad, /malformed answer/);
  });
});
