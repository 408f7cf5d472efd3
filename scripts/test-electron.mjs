// `npm run test:electron`: the same compiled suite in desktop VS Code through @vscode/test-electron, which
// downloads VS Code (impossible on machines that reach only package registries: use test:integration there).
// No browser drives that workbench, so the bridge is absent and UI-only tests skip themselves.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { defaultSuite, fixtureWorkspace, repoRoot } from './vscode-host/paths.mjs';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'batpak-electron-'));
const workspace = path.join(scratch, 'workspace');
cpSync(fixtureWorkspace, workspace, { recursive: true });
let exitCode = 0;
try {
  await runTests({
    version: '1.100.3', // the VS Code release the code-server host runs
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: defaultSuite,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (error) {
  console.error(`[test-electron] ${error.message ?? error}`);
  exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(exitCode);
