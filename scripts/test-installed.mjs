// `npm run test:installed`: packages the extension (vsce runs vscode:prepublish, the minified production build) and
// runs the integration suite against the installed .vsix. Then, whatever the outcome, rebuilds the development
// bundle: dist/ is left as `npm run build` makes it, each source map beside the code it maps.
import { execSync } from 'node:child_process';
import { repoRoot } from './vscode-host/paths.mjs';
import { runSuiteCli } from './vscode-host/run-suite.mjs';

let code;
try {
  execSync('npm run package', { cwd: repoRoot, stdio: 'inherit' });
  code = await runSuiteCli(['--vsix', 'batpak-cache-explorer.vsix']);
} finally {
  execSync('node esbuild.mjs', { cwd: repoRoot, stdio: 'inherit' });
}
process.exit(code);
