import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { screenshot, skipWithoutBridge } from './bridge';
import { EXTENSION_ID } from './helpers';

describe('activation', () => {
  it('finds the extension and activates it without error', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in this host`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('shows the workbench (screenshot test-results/workbench.png)', async function () {
    skipWithoutBridge(this);
    await screenshot('workbench.png');
  });
});
