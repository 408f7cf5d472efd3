// `npm run screenshots`: regenerates the README's and the walkthrough's pictures. Runs the integration suite's
// "README screenshots" tests (test/integration/screenshots.test.ts) in the real VS Code on the demo caches, then
// copies test-results/readme-*.png into media/screenshots/ (README, not packaged) and the walkthrough's into
// media/walkthrough/ (packaged). Compile first: the npm script does.
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureCodeServer } from './vscode-host/ensure-code-server.mjs';
import { ensureSystem } from './vscode-host/ensure-system.mjs';
import { repoRoot } from './vscode-host/paths.mjs';
import { INFRASTRUCTURE_FAILURE, runSuiteCli } from './vscode-host/run-suite.mjs';

const PICTURES = ['tree', 'problems', 'editor', 'purge'];
const WALKTHROUGH = ['tree', 'editor', 'purge'];

try {
  ensureSystem();
  ensureCodeServer();
} catch (error) {
  console.error(`[screenshots] ${error.message}`);
  process.exit(INFRASTRUCTURE_FAILURE);
}
// Never copy a picture an earlier run left behind.
for (const name of PICTURES) rmSync(path.join(repoRoot, 'test-results', `readme-${name}.png`), { force: true });
process.env.BATPAK_TEST_GREP = 'README screenshots';
const code = await runSuiteCli([]);
if (code !== 0) process.exit(code);

const copy = (name, dir) => {
  const target = path.join(repoRoot, 'media', dir, `${name}.png`);
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(path.join(repoRoot, 'test-results', `readme-${name}.png`), target);
  console.log(`[screenshots] ${path.relative(repoRoot, target)} (${Math.round(statSync(target).size / 1024)} KB)`);
};
for (const name of PICTURES) copy(name, 'screenshots');
for (const name of WALKTHROUGH) copy(name, 'walkthrough');
