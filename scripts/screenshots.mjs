// `npm run screenshots`: regenerates the README's and the walkthrough's pictures. Runs the integration suite's
// "README screenshots" tests (test/integration/screenshots.test.ts) in the real VS Code on the demo workspace, then
// copies test-results/readme-*.png into media/screenshots/ (README and the packaged MARKETPLACE.md) and
// test-results/walkthrough-*.png into media/walkthrough/ (packaged). Compile first: the npm script does.
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureCodeServer } from './vscode-host/ensure-code-server.mjs';
import { ensureSystem } from './vscode-host/ensure-system.mjs';
import { repoRoot } from './vscode-host/paths.mjs';
import { INFRASTRUCTURE_FAILURE, runSuiteCli } from './vscode-host/run-suite.mjs';

const PICTURES = { readme: ['tree', 'problems', 'menu', 'editor', 'damaged', 'events', 'purge', 'compare', 'filter', 'overview'], walkthrough: ['tree', 'editor', 'purge'] };
const shot = (kind, name) => path.join(repoRoot, 'test-results', `${kind}-${name}.png`);

try {
  ensureSystem();
  ensureCodeServer();
} catch (error) {
  console.error(`[screenshots] ${error.message}`);
  process.exit(INFRASTRUCTURE_FAILURE);
}
// Never copy a picture an earlier run left behind.
for (const [kind, names] of Object.entries(PICTURES)) for (const name of names) rmSync(shot(kind, name), { force: true });
process.env.BATPAK_TEST_GREP = 'README screenshots';
const code = await runSuiteCli([]);
if (code !== 0) process.exit(code);

const folders = { readme: 'screenshots', walkthrough: 'walkthrough' };
for (const [kind, names] of Object.entries(PICTURES)) {
  for (const name of names) {
    const target = path.join(repoRoot, 'media', folders[kind], `${name}.png`);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(shot(kind, name), target);
    console.log(`[screenshots] ${path.relative(repoRoot, target)} (${Math.round(statSync(target).size / 1024)} KB)`);
  }
}
