/**
 * The least a scan that reads trailers must do, and the same on every CPU: list every directory, and open, read and
 * close every `*.bin` file (the core's flags: O_NOFOLLOW, O_NONBLOCK), as the core's readEntryEndSync does: a file
 * under 4 KiB in one read from its start, a bigger (or empty) one fstat-ed and its last 40 bytes read. As a worker
 * thread (`threadedFloor`), it takes directories from a counter shared with the other threads until none is left.
 * Imports nothing of the core, so a thread starts in a few milliseconds.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

interface Count {
  entries: number;
  bytes: number;
}

const FLAGS = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK;

const PROBE = 4096;

function floorOfDir(dirPath: string, buffer: Buffer, count: Count): void {
  for (const name of fs.readdirSync(dirPath)) {
    if (!name.endsWith('.bin')) continue;
    const fd = fs.openSync(`${dirPath}/${name}`, FLAGS);
    let size = fs.readSync(fd, buffer, 0, PROBE, 0);
    if (size === 0 || size === PROBE) {
      size = fs.fstatSync(fd).size;
      fs.readSync(fd, buffer, 0, Math.min(40, size), Math.max(0, size - 40));
    }
    fs.closeSync(fd);
    count.entries++;
    count.bytes += size;
  }
}

const directories = (root: string): string[] => fs.readdirSync(root, { withFileTypes: true }).flatMap((dir) => (dir.isDirectory() ? [path.join(root, dir.name)] : []));

/** On this thread alone. */
export function floor(root: string): Count {
  const count = { entries: 0, bytes: 0 };
  const buffer = Buffer.alloc(PROBE);
  for (const dir of directories(root)) floorOfDir(dir, buffer, count);
  return count;
}

/** On one thread per CPU (this one waits), directories handed out one at a time. */
export async function threadedFloor(root: string): Promise<Count & { threads: number }> {
  const dirs = directories(root);
  const next = new SharedArrayBuffer(4);
  const threads = os.availableParallelism();
  const counts = await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<Count>((resolve, reject) => {
          const worker = new Worker(__filename, { workerData: { dirs, next } });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  return { entries: counts.reduce((sum, c) => sum + c.entries, 0), bytes: counts.reduce((sum, c) => sum + c.bytes, 0), threads };
}

if (!isMainThread) {
  const { dirs, next } = workerData as { dirs: string[]; next: SharedArrayBuffer };
  const taken = new Int32Array(next);
  const count = { entries: 0, bytes: 0 };
  const buffer = Buffer.alloc(PROBE);
  for (let index = Atomics.add(taken, 0, 1); index < dirs.length; index = Atomics.add(taken, 0, 1)) floorOfDir(dirs[index], buffer, count);
  parentPort?.postMessage(count);
}
