/**
 * A service writing to a cache root the way batpak does (value ++ v2 trailer into a `.tmpXXXXXX` file in the shard,
 * then a rename over the entry), at a steady rate: `node out/bench/extension/writer.js ROOT RATE SECONDS`.
 * It cycles over 2,000 `user:` keys of one projection, so it writes into the root's biggest shard (75), the one the
 * view has open. Prints `{ "writes": n, "seconds": s }` when done.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeStoreKey, encodeTrailer, entryPath, toHex } from '../../src/core';

const KEYS = 2000;
const TYPE_HASH = 0x5eed_0000_0000_0001n;
const KINDS_HASH = 0xbd60acb658c79e45n;
/** When this writer "booted", in wall-clock ns, as batpak's v2 trailer records it. */
const BOOT_NS = BigInt(Date.now()) * 1_000_000n;

function entryFile(root: string, n: number): string {
  const key = encodeStoreKey(Buffer.from(`user:9${String(n).padStart(5, '0')}`), TYPE_HASH, 1n, KINDS_HASH);
  return path.join(root, entryPath(toHex(key)));
}

function writeOne(file: string, n: number): void {
  const cachedAtUs = BigInt(Date.now()) * 1000n;
  const value = Buffer.from(JSON.stringify({ n, at: Number(cachedAtUs), state: 'x'.repeat(200) }));
  const trailer = encodeTrailer({ format: 'v2', watermark: BigInt(n), cachedAtUs, cachedAtMonoNs: process.hrtime.bigint(), processBootNs: BOOT_NS });
  const temp = path.join(path.dirname(file), `.tmp${(n % 1_000_000).toString(36).padStart(6, '0').slice(-6)}`);
  fs.writeFileSync(temp, Buffer.concat([value, trailer]), { mode: 0o600 });
  fs.renameSync(temp, file);
}

async function main(): Promise<void> {
  const [root, rateArg, secondsArg] = process.argv.slice(2);
  const rate = Number(rateArg ?? 1000);
  const seconds = Number(secondsArg ?? 10);
  if (!root || !(rate > 0) || !(seconds > 0)) throw new Error('usage: writer.js ROOT RATE SECONDS');
  const files = Array.from({ length: KEYS }, (_, n) => entryFile(root, n));
  const started = performance.now();
  let writes = 0;
  for (;;) {
    const elapsed = (performance.now() - started) / 1000;
    if (elapsed >= seconds) break;
    // Catch up to the rate in small steps, so the writes are spread over each second rather than burst.
    const due = Math.floor(elapsed * rate);
    while (writes < due) {
      writeOne(files[writes % KEYS], writes);
      writes++;
    }
    await sleep(5);
  }
  process.stdout.write(JSON.stringify({ writes, seconds: (performance.now() - started) / 1000 }) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
