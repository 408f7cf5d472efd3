/**
 * The extension's details page (what the Extensions view opens) in the real VS Code, from the installed .vsix: it shows
 * the package's README (MARKETPLACE.md) with every picture loaded from the installed copy. Screenshot:
 * test-results/details.png.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as vscode from 'vscode';
import { repoRoot } from '../unit/helpers';
import { evalInFrame, frameText, screenshot, skipWithoutBridge } from './bridge';
import { EXTENSION_ID } from './helpers';

interface Pictures {
  total: number;
  loaded: string[];
  broken: string[];
}

/** Every picture of the README's frame, loaded (decoded, with a size) or not. */
const PICTURES = `(() => {
  const images = [...document.images];
  const ok = (image) => image.complete && image.naturalWidth > 0;
  return { total: images.length, loaded: images.filter(ok).map((i) => i.alt), broken: images.filter((i) => !ok(i)).map((i) => i.src) };
})()`;

describe("the installed extension's details page", function () {
  this.timeout(90_000);

  it('shows the package README with every picture loaded', async function () {
    skipWithoutBridge(this);
    if (!process.env.BATPAK_INSTALLED_VSIX) {
      console.log(`      skipping "${this.test?.title}": only the installed run has the package (npm run test:installed)`);
      this.skip();
    }
    const readme = fs.readFileSync(path.join(repoRoot, 'MARKETPLACE.md'), 'utf8');
    const expected = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((match) => match[1]);
    assert.ok(expected.length > 0, 'MARKETPLACE.md has pictures');
    const heading = 'Purging and repairing';
    // What the Extensions view's gear opens for an installed extension (extension.open asks the gallery first: offline here).
    await vscode.commands.executeCommand('_extensions.manage', EXTENSION_ID);
    await frameText(heading, 30_000);
    let pictures: Pictures = { total: 0, loaded: [], broken: [] };
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(250)) {
      pictures = await evalInFrame<Pictures>(heading, PICTURES);
      if (pictures.total === expected.length && pictures.broken.length === 0) break;
    }
    await screenshot('details.png');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.deepEqual(pictures.broken, [], 'no picture is broken');
    assert.equal(pictures.loaded.length, expected.length, `every picture of MARKETPLACE.md loaded: ${JSON.stringify(pictures)}`);
  });
});
