// Runs the compiled integration suite in a real VS Code extension host (code-server) with the workbench open
// in headless chromium. Builds nothing: compile first (npx tsc -p . && node esbuild.mjs).
//
//   node scripts/vscode-host/run-suite.mjs [--extension-development-path DIR] [--suite FILE]
//                                          [--workspace DIR] [--vsix FILE] [--install FILE ...] [--timeout SECONDS]
//                                          [--restricted]
//
// Defaults: the repo as extension, out/test/integration/index.js, a fresh copy of test/fixtures/workspace,
// 600 s. --workspace opens that folder itself; --vsix installs the package and tests the installed copy; --install
// installs more packages beside the extension under test.
//
// Exit code: the suite's own (0 all passed, 1 failures); 2 for the runner's timeout or infrastructure failure.
// The runner's environment reaches the tests, plus BATPAK_BRIDGE_DIR for the workbench bridge (and
// BATPAK_INSTALLED_VSIX with --vsix).
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { format, parseArgs } from 'node:util';
import { startBridge } from './bridge.mjs';
import { freePort, installVsix, startCodeServer } from './code-server.mjs';
import { codeServerBin } from './ensure-code-server.mjs';
import { defaultSuite, fixtureWorkspace, repoRoot } from './paths.mjs';
import { openWorkbench, workbenchUrl } from './workbench.mjs';

export const INFRASTRUCTURE_FAILURE = 2;
const resultsDir = path.join(repoRoot, 'test-results');
const hostLogDir = path.join(resultsDir, 'vscode-host');

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      'extension-development-path': { type: 'string', default: repoRoot },
      suite: { type: 'string', default: defaultSuite },
      workspace: { type: 'string' },
      vsix: { type: 'string' },
      install: { type: 'string', multiple: true, default: [] },
      timeout: { type: 'string', default: '600' },
      restricted: { type: 'boolean', default: false },
    },
  });
  const timeoutSeconds = Number(values.timeout);
  if (!(timeoutSeconds > 0)) throw new Error(`--timeout wants seconds, got ${values.timeout}`);
  const resolve = (value) => value && path.resolve(value);
  return {
    extensionDevelopmentPath: resolve(values['extension-development-path']),
    suite: resolve(values.suite),
    workspace: resolve(values.workspace),
    vsix: resolve(values.vsix),
    install: values.install.map(resolve),
    timeoutSeconds,
    restricted: values.restricted,
  };
}

// Fresh HOME, XDG_*, TMPDIR and profiles per run. Under /tmp whatever $TMPDIR says: VS Code puts unix sockets
// in TMPDIR and their paths must stay under 108 characters.
function makeScratch() {
  const root = mkdtempSync('/tmp/bvh-');
  const names = ['home', 'config', 'data', 'cache', 'tmp', 'userData', 'extensions', 'browser', 'bridge'];
  const scratch = { root, ...Object.fromEntries(names.map((name) => [name, path.join(root, name)])) };
  for (const name of names) mkdirSync(scratch[name]);
  return scratch;
}

// With --vsix the installed copy is under test, so the development path must not contribute the extension.
function writeStubExtension(dir) {
  mkdirSync(dir);
  const manifest = { name: 'integration-stub', publisher: 'batpak-tools', version: '0.0.0', engines: { vscode: '^1.100.0' } };
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
  return dir;
}

// The workbench forwards its console and the extension host's (mocha's reporter included) as console args.
function printLog(type, args) {
  const line = Array.isArray(args) ? format(...args) : String(args);
  (type === 'error' || type === 'warn' ? console.error : console.log)(line);
}

function writeHostLogs(logs) {
  for (const { relativePath, contents } of logs) {
    const file = path.join(hostLogDir, 'logs', relativePath);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
}

async function runSuite(options, interrupted) {
  if (!existsSync(codeServerBin)) throw new Error('code-server is missing: run node scripts/vscode-host/ensure-code-server.mjs');
  if (!existsSync(options.suite)) throw new Error(`no compiled suite at ${options.suite}: run npx tsc -p .`);
  const started = Date.now();
  const scratch = makeScratch();
  const cleanups = [];
  try {
    rmSync(hostLogDir, { recursive: true, force: true });
    mkdirSync(hostLogDir, { recursive: true });
    const log = openSync(path.join(hostLogDir, 'code-server.log'), 'w');
    cleanups.push(async () => closeSync(log));

    const workspace = options.workspace ?? path.join(scratch.root, 'workspace');
    if (!options.workspace) cpSync(fixtureWorkspace, workspace, { recursive: true });
    const env = {
      ...process.env,
      HOME: scratch.home,
      XDG_CONFIG_HOME: scratch.config,
      XDG_DATA_HOME: scratch.data,
      XDG_CACHE_HOME: scratch.cache,
      TMPDIR: scratch.tmp,
      BATPAK_BRIDGE_DIR: scratch.bridge,
      // --restricted: workspace trust stays on and the folder is not trusted; the suite runs its Restricted Mode tests.
      ...(options.restricted ? { BATPAK_RESTRICTED: '1' } : {}),
      // --vsix: the tests of the package itself (its details page) run only then.
      ...(options.vsix ? { BATPAK_INSTALLED_VSIX: options.vsix } : {}),
    };
    for (const vsix of options.install) installVsix({ bin: codeServerBin, scratch, env, vsix });
    let extensionDevelopmentPath = options.extensionDevelopmentPath;
    if (options.vsix) {
      installVsix({ bin: codeServerBin, scratch, env, vsix: options.vsix });
      extensionDevelopmentPath = writeStubExtension(path.join(scratch.root, 'stub'));
    }

    const port = await freePort();
    const server = await startCodeServer({ bin: codeServerBin, port, scratch, env, workspace, log, trust: !options.restricted });
    cleanups.push(server.stop);
    const died = server.exited.then((code) => Promise.reject(new Error(`code-server exited (${code}) during the run`)));
    died.catch(() => {}); // raced below; stopping it afterwards must not count as an unhandled rejection
    console.log(`[run-suite] code-server on 127.0.0.1:${port}, workspace ${workspace}${options.vsix ? `, vsix ${options.vsix}` : ''}${options.restricted ? ', Restricted Mode' : ''}`);

    const url = workbenchUrl({ port, workspace, extensionDevelopmentPath, extensionTestsPath: options.suite });
    const workbench = await openWorkbench({ url, profileDir: scratch.browser, onLog: printLog });
    cleanups.push(workbench.close);
    const bridge = startBridge({ page: workbench.page, dir: scratch.bridge, screenshotDir: resultsDir });
    cleanups.push(bridge.stop);

    const timedOut = sleep(options.timeoutSeconds * 1000, undefined, { ref: false }).then(() => {
      throw new Error(`the suite did not finish within ${options.timeoutSeconds} s`);
    });
    const { code, logs } = await Promise.race([workbench.result, died, timedOut, interrupted]);
    writeHostLogs(logs);
    console.log(`[run-suite] suite exited with ${code} after ${Math.round((Date.now() - started) / 1000)} s`);
    return code;
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error) => console.error(`[run-suite] cleanup: ${error.message}`));
    }
    // The server side's logs (remote extension host included) live in the scratch profile: keep them.
    const serverLogs = path.join(scratch.userData, 'logs');
    if (existsSync(serverLogs)) cpSync(serverLogs, path.join(hostLogDir, 'server'), { recursive: true });
    rmSync(scratch.root, { recursive: true, force: true });
  }
}

/** Resolves to the exit code; infrastructure errors become INFRASTRUCTURE_FAILURE. */
export async function runSuiteCli(argv) {
  // Settles on Ctrl-C or a CI kill so the finally above still stops code-server and chromium.
  const interrupted = new Promise((_, reject) => {
    for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => reject(new Error(`interrupted by ${signal}`)));
  });
  interrupted.catch(() => {});
  try {
    return await runSuite(parseOptions(argv), interrupted);
  } catch (error) {
    console.error(`[run-suite] ${error.message}; code-server log: ${path.join(hostLogDir, 'code-server.log')}`);
    return INFRASTRUCTURE_FAILURE;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(await runSuiteCli(process.argv.slice(2)));
