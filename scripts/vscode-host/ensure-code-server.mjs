// Installs code-server (VS Code's server + web workbench) into .vscode-test/, keyed by version, because
// @vscode/test-electron cannot download VS Code on these machines. Not a devDependency: it needs native
// builds and system headers (see ensure-system.mjs) that ordinary contributors lack.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './paths.mjs';

// 4.100.3 = VS Code 1.100.3, the newest release that runs on Node 20.
const CODE_SERVER_VERSION = '4.100.3';
// The @vscode/ripgrep release that code-server version pins, and the rg build it would download.
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_BUILD = 'v13.0.0-10';

const installDir = path.join(repoRoot, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
const marker = path.join(installDir, '.install-complete');
export const codeServerBin = path.join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

// @vscode/ripgrep's postinstall fetches rg from GitHub unless its tarball is already in
// $TMPDIR/vscode-ripgrep-cache-<version>/: put Debian's /usr/bin/rg there under the expected name.
function seedRipgrepCache(tmpDir) {
  const target = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' }[process.arch];
  if (!target) throw new Error(`no ripgrep build known for ${process.arch}`);
  const cacheDir = path.join(tmpDir, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const stage = path.join(tmpDir, 'rg-stage');
  mkdirSync(cacheDir, { recursive: true });
  mkdirSync(stage, { recursive: true });
  copyFileSync('/usr/bin/rg', path.join(stage, 'rg'));
  execFileSync('tar', ['-czf', path.join(cacheDir, `ripgrep-${RIPGREP_BUILD}-${target}.tar.gz`), '-C', stage, 'rg']);
}

export function ensureCodeServer() {
  if (existsSync(marker)) return codeServerBin;
  const started = Date.now();
  rmSync(installDir, { recursive: true, force: true });
  const tmpDir = path.join(installDir, 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  seedRipgrepCache(tmpDir);
  writeFileSync(
    path.join(installDir, 'package.json'),
    JSON.stringify({ private: true, dependencies: { 'code-server': CODE_SERVER_VERSION } }, null, 2),
  );
  const nodeDir = path.dirname(path.dirname(process.execPath));
  const env = {
    ...process.env,
    TMPDIR: tmpDir,
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses to run as root without it
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`; yes=false in an npmrc cancels it
    npm_config_nodedir: nodeDir, // build native modules against local headers instead of downloading them
    // npm 11 checks install scripts against package.json's allowScripts (11.19 only warns; later releases
    // block). code-server's own postinstall runs nested installs in lib/vscode whose package.json files we
    // don't own, and node-pty, argon2, kerberos, @vscode/ripgrep... must all run: approve this one install.
    npm_config_dangerously_allow_all_scripts: 'true',
  };
  console.log(`[ensure-code-server] installing code-server@${CODE_SERVER_VERSION} into ${installDir}`);
  execFileSync('npm', ['install', '--foreground-scripts', '--no-audit', '--no-fund'], { cwd: installDir, env, stdio: 'inherit' });
  rmSync(tmpDir, { recursive: true, force: true });
  // A skipped or failed install script leaves no error behind: check the artefacts the host needs.
  const vscodeModules = path.join(installDir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');
  for (const artefact of ['node-pty/build/Release/pty.node', '@vscode/ripgrep/bin/rg']) {
    if (!existsSync(path.join(vscodeModules, artefact))) throw new Error(`code-server install incomplete: no ${artefact}`);
  }
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  console.log(`[ensure-code-server] installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return codeServerBin;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) ensureCodeServer();
