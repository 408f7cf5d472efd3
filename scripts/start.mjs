// `npm start`: the product on the bundled demo cache. Copies real batpak caches from test/fixtures into .demo/
// (git-ignored; `npm start -- --reset` copies them afresh), prints the CLI's view of them, then opens the extension
// in VS Code: desktop VS Code when `code` is on PATH, otherwise the browser-based VS Code on 127.0.0.1.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, startCodeServer } from './vscode-host/code-server.mjs';
import { codeServerBin, ensureCodeServer } from './vscode-host/ensure-code-server.mjs';
import { repoRoot } from './vscode-host/paths.mjs';
import { workbenchUrl } from './vscode-host/workbench.mjs';

const demo = path.join(repoRoot, '.demo');
const workspace = path.join(demo, 'workspace');
const caches = {
  'svc/events-cache': 'cache-0.6-c940fd5c/delete_prefix',
  'app/cache': 'cache-0.3.0/mixed',
};

if (process.argv.includes('--reset')) rmSync(demo, { recursive: true, force: true });
for (const [target, scenario] of Object.entries(caches)) {
  const dest = path.join(workspace, target);
  if (existsSync(dest)) continue;
  cpSync(path.join(repoRoot, 'test', 'fixtures', scenario, 'cache'), dest, { recursive: true });
  // A checkout stamps every file with the checkout time; give them back the time batpak wrote them, so the orphaned
  // temp files look as old as they are and Repair treats them as orphans.
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', scenario, 'manifest.json'), 'utf8'));
  const written = new Date(manifest.provenance.generated_at_unix_us / 1000);
  for (const file of readdirSync(dest, { recursive: true })) utimesSync(path.join(dest, file), written, written);
}

const cli = (...args) => execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args], { stdio: 'inherit' });
const demoRoot = path.join(workspace, 'svc/events-cache');
console.log(`\n$ batpak-cache stats ${path.relative(repoRoot, demoRoot)}`);
cli('stats', demoRoot);
console.log(`\n$ batpak-cache ls ${path.relative(repoRoot, demoRoot)} --shard 63`);
cli('ls', demoRoot, '--shard', '63');

if (spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0) {
  console.log('\nOpening desktop VS Code with the extension on the demo workspace…');
  spawnSync('code', [`--extensionDevelopmentPath=${repoRoot}`, workspace], { stdio: 'inherit' });
} else {
  ensureCodeServer();
  const port = Number(process.env.PORT) || (await freePort());
  const scratch = { userData: path.join(demo, 'user-data'), extensions: path.join(demo, 'extensions') };
  // The demo workspace lies inside this repository: without this, VS Code offers to open the repository around it.
  const settings = path.join(scratch.userData, 'User', 'settings.json');
  if (!existsSync(settings)) {
    mkdirSync(path.dirname(settings), { recursive: true });
    writeFileSync(settings, JSON.stringify({ 'git.openRepositoryInParentFolders': 'never' }, null, 2));
  }
  const log = openSync(path.join(demo, 'code-server.log'), 'a');
  const server = await startCodeServer({ bin: codeServerBin, port, scratch, env: process.env, workspace, log });
  console.log(`\nBatpak Cache Explorer is running in the browser-based VS Code (Ctrl-C to stop):\n\n  ${workbenchUrl({ port, workspace, extensionDevelopmentPath: repoRoot })}\n`);
  const stop = () => server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await server.exited;
}
