// Starts and stops code-server, which serves VS Code's workbench and runs the extension host in Node.
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  return port;
}

// Fresh profile folders every run: tests see no settings, state or extensions of earlier runs.
function profileArgs(scratch) {
  return ['--user-data-dir', scratch.userData, '--extensions-dir', scratch.extensions];
}

export function installVsix({ bin, scratch, env, vsix }) {
  execFileSync(process.execPath, [bin, ...profileArgs(scratch), '--install-extension', vsix], { env, stdio: 'inherit' });
}

/** Resolves once code-server answers /healthz; `exited` settles when it dies. */
export async function startCodeServer({ bin, port, scratch, env, workspace, log, trust = true }) {
  const args = [
    bin,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(trust ? ['--disable-workspace-trust'] : []),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...profileArgs(scratch),
    workspace,
  ];
  // Own process group, so stop() also ends the extension host and other children.
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', log, log] });
  const exited = once(child, 'exit').then(([code, signal]) => signal ?? code);
  let dead = false;
  exited.then(() => (dead = true));

  const stop = async () => {
    if (dead) return;
    process.kill(-child.pid, 'SIGTERM');
    if (await Promise.race([exited.then(() => true), sleep(5000, false)])) return;
    process.kill(-child.pid, 'SIGKILL');
    await exited;
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (dead) throw new Error(`code-server exited (${await exited}) before it was ready`);
    const ready = await fetch(`http://127.0.0.1:${port}/healthz`).then((res) => res.ok, () => false);
    if (ready) return { exited, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error('code-server was not ready within 60 s');
    }
    await sleep(200);
  }
}
