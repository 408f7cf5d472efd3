// Makes sure the Debian packages the real-VS-Code harness needs are present: chromium (driven by
// playwright-core), ripgrep (pre-seeds @vscode/ripgrep, which would otherwise download from GitHub) and the
// toolchain/headers that code-server's native modules (node-pty, argon2, kerberos) build against.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const PACKAGES = ['chromium', 'ripgrep', 'libkrb5-dev', 'g++', 'make', 'python3'];

function hasCommand(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function ensureSystem() {
  const missing = ['/usr/bin/chromium', '/usr/include/krb5.h'].filter((p) => !existsSync(p));
  for (const command of ['rg', 'g++', 'make', 'python3']) if (!hasCommand(command)) missing.push(command);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing ${missing.join(', ')}; as root run: apt-get update && apt-get install -y ${PACKAGES.join(' ')}`);
  }
  console.log(`[ensure-system] missing ${missing.join(', ')}: installing ${PACKAGES.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', ...PACKAGES], { stdio: 'inherit', env });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) ensureSystem();
