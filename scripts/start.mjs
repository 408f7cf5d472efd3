// `npm start`: the product on the bundled demo cache. Copies real batpak caches from test/fixtures into .demo/
// (git-ignored; `npm start -- --reset` copies them afresh), prints the CLI's view of them, then opens the extension
// in VS Code: desktop VS Code when `code` is on PATH, otherwise the browser-based VS Code on 127.0.0.1.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { placeDemo, placeDemoSettings } from './demo.mjs';
import { freePort, startCodeServer } from './vscode-host/code-server.mjs';
import { codeServerBin, ensureCodeServer } from './vscode-host/ensure-code-server.mjs';
import { repoRoot } from './vscode-host/paths.mjs';
import { workbenchUrl } from './vscode-host/workbench.mjs';

const demo = path.join(repoRoot, '.demo');
const workspace = path.join(demo, 'workspace');

if (process.argv.includes('--reset')) rmSync(demo, { recursive: true, force: true });
placeDemo(workspace);
placeDemoSettings(workspace);

const cli = (...args) => execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args], { stdio: 'inherit' });
const demoRoot = path.join(workspace, 'svc/events-cache');
console.log(`\n$ batpak-cache stats ${path.relative(repoRoot, demoRoot)}`);
cli('stats', demoRoot);
console.log(`\n$ batpak-cache ls ${path.relative(repoRoot, demoRoot)} --shard 63`);
cli('ls', demoRoot, '--shard', '63');
const query = '{"recent.kind": "0x2002"}';
console.log(`\n$ batpak-cache ls ${path.relative(repoRoot, demoRoot)} --where '${query}'`);
cli('ls', demoRoot, '--where', query);
const demoStore = path.join(workspace, 'svc/events');
console.log(`\n$ batpak-cache audit ${path.relative(repoRoot, demoRoot)} --store ${path.relative(repoRoot, demoStore)}`);
cli('audit', demoRoot, '--store', demoStore);
// Verify and replay with the projections' own code: here the JavaScript replayer for the fixtures' projection types.
const replayerScript = path.join(repoRoot, 'examples', 'replayer', 'demo-replayer.mjs');
const replayer = [`'${process.execPath}' '${replayerScript}'`, `"node ${path.relative(repoRoot, replayerScript)}"`];
console.log(`\n$ batpak-cache verify ${path.relative(repoRoot, demoRoot)} --store ${path.relative(repoRoot, demoStore)} --replayer ${replayer[1]}`);
cli('verify', demoRoot, '--store', demoStore, '--replayer', replayer[0]);
// account:1's AccountBalance, 3 events behind: stepped to what a Consistent read returns now.
const balance = path.join(demoRoot, '61', '6163636f756e743a3100e8a584a11b37774902000000000000004ab646b3e6b438b6.bin');
console.log(`\n$ batpak-cache replay ${path.relative(repoRoot, balance)} --store ${path.relative(repoRoot, demoStore)} --replayer ${replayer[1]}`);
cli('replay', balance, '--store', demoStore, '--replayer', replayer[0]);
console.log('\nIn VS Code: the Batpak Cache view in the activity bar; the graph icon on events-cache opens its Cache Overview.');

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
