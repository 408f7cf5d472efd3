/** A child process appending to a new store as batpak does (storeAppender.ts), for tests that read beside it. */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from './helpers';

interface Appender {
  dir: string;
  /** Stops the writer and waits for it to exit; each entity's last sequence as it wrote them. */
  stop(): Promise<Record<string, number>>;
}

/**
 * Runs `read` on the store while the writer appends to it, then stops the writer, also when `read` fails (a writer
 * left running would keep the test run alive forever); each entity's last sequence as the writer wrote them.
 */
export async function readBesideAppender(read: (dir: string) => Promise<void>): Promise<{ dir: string; truth: Record<string, number> }> {
  const { dir, stop } = await startAppender();
  try {
    await read(dir);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  return { dir, truth: await stop() };
}

/** Starts the writer and returns once it is writing (its second segment exists): a busy machine takes seconds to start it. */
async function startAppender(): Promise<Appender> {
  const dir = path.join(tempDir(), 'store');
  const child = spawn(process.execPath, [path.join(__dirname, 'storeAppender.js'), dir], { stdio: 'inherit' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const started = Date.now();
  while (!fs.existsSync(path.join(dir, '000002.fbat'))) {
    assert.ok(Date.now() - started < 30_000, 'the writer started within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    dir,
    async stop() {
      fs.writeFileSync(`${dir}.stop`, '');
      assert.equal(await exited, 0);
      return JSON.parse(fs.readFileSync(`${dir}.truth.json`, 'utf8')) as Record<string, number>;
    },
  };
}
