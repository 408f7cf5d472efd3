// `npm run test:integration`: runs the compiled integration suite in a real VS Code (code-server + headless
// chromium), installing what that needs first, so it works on a fresh machine. Compile before it:
// `npx tsc -p . && node esbuild.mjs`. Arguments go to scripts/vscode-host/run-suite.mjs (--vsix FILE, ...).
import { ensureCodeServer } from './vscode-host/ensure-code-server.mjs';
import { ensureSystem } from './vscode-host/ensure-system.mjs';
import { INFRASTRUCTURE_FAILURE, runSuiteCli } from './vscode-host/run-suite.mjs';

try {
  ensureSystem();
  ensureCodeServer();
} catch (error) {
  console.error(`[test-integration] ${error.message}`);
  process.exit(INFRASTRUCTURE_FAILURE);
}
// Two runs: the suite in a trusted workspace, then its Restricted Mode tests in an untrusted one.
const argv = process.argv.slice(2);
const trusted = await runSuiteCli(argv);
const restricted = argv.includes('--restricted') ? trusted : await runSuiteCli([...argv, '--restricted']);
process.exit(Math.max(trusted, restricted));
