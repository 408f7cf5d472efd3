// Suite entry loaded by the extension host (extensionTestsPath). Host-agnostic on purpose: the code-server
// runner (scripts/vscode-host/run-suite.mjs) and @vscode/test-electron (scripts/test-electron.mjs) both load
// this compiled out/test/integration/index.js.
import * as fs from 'node:fs';
import * as path from 'node:path';

export async function run(): Promise<void> {
  // mocha 12 is ESM-only: import() it rather than require() (older Electron Node lacks require(esm)).
  const { default: Mocha } = await import('mocha');
  // BATPAK_TEST_GREP narrows a local run to matching tests (the runner passes its environment through).
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, grep: process.env.BATPAK_TEST_GREP });
  // The Restricted Mode tests need an untrusted workspace: the runner's --restricted run loads only them.
  const restricted = process.env.BATPAK_RESTRICTED === '1';
  const files = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js') && (name === 'restricted.test.js') === restricted)
    .sort();
  if (files.length === 0) throw new Error(`no *.test.js files in ${__dirname}`);
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  await mocha.loadFilesAsync();
  let runner: Mocha.Runner | undefined;
  const failures = await new Promise<number>((resolve) => {
    runner = mocha.run(resolve);
  });
  const { passes = 0, pending = 0 } = runner?.stats ?? {};
  // A closing line CI recognises in any language.
  console.log(`integration: ${passes} passed, ${failures} failed, ${pending} skipped`);
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
