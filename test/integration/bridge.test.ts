// Checks the workbench bridge itself, with stock VS Code UI only, so extension tests can rely on it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { clickButton, dialogsSeen, evalInFrame, expandView, frameText, pressKeys, skipWithoutBridge } from './bridge';

const QUICK_INPUT_VISIBLE = `(() => { const w = document.querySelector('.quick-input-widget'); return !!w && w.style.display !== 'none'; })()`;

describe('workbench bridge', () => {
  beforeEach(function () {
    skipWithoutBridge(this);
  });

  it('answers a modal dialog drawn in the DOM', async () => {
    const answer = vscode.window.showWarningMessage('Bridge probe: purge?', { modal: true }, 'Purge');
    await frameText('Bridge probe: purge?');
    await clickButton('Purge');
    assert.equal(await answer, 'Purge');
  });

  it('reads webview DOM in nested iframes and sees no browser dialogs from it', async () => {
    const before = await dialogsSeen();
    const panel = vscode.window.createWebviewPanel('batpakBridgeProbe', 'Bridge probe', vscode.ViewColumn.One, { enableScripts: true });
    panel.webview.html = '<!DOCTYPE html><body><p>bridge-probe-webview</p><script>alert("blocked by the sandbox")</script></body>';
    try {
      assert.match(await frameText('bridge-probe-webview'), /bridge-probe-webview/);
      assert.equal(await evalInFrame('bridge-probe-webview', `document.querySelectorAll('img').length`), 0);
      assert.equal(await dialogsSeen(), before);
    } finally {
      panel.dispose();
    }
  });

  it('counts browser dialogs', async () => {
    const before = await dialogsSeen();
    await evalInFrame('EXPLORER', `alert('bridge probe')`);
    assert.equal(await dialogsSeen(), before + 1);
  });

  it('presses keys', async () => {
    await pressKeys(['F1']);
    assert.equal(await evalInFrame('EXPLORER', QUICK_INPUT_VISIBLE), true);
    await pressKeys(['Escape']);
    assert.equal(await evalInFrame('EXPLORER', QUICK_INPUT_VISIBLE), false);
  });

  it('expands a collapsed view pane once', async () => {
    assert.equal(await expandView('Outline'), true);
    assert.equal(await expandView('Outline'), false);
  });
});
