/**
 * A child process that appends to a store like batpak as fast as it can (single events, batches, rotations) until
 * the file `<dir>.stop` appears, then writes each entity's last sequence to `<dir>.truth.json`.
 * Usage: node storeAppender.js <store dir>
 */
import * as fs from 'node:fs';
import { TestStore } from './storeWriter';

const dir = process.argv[2];
const store = new TestStore(dir, 2048);
const entities = ['e0', 'e1', 'e2', 'e3', 'e4'];
const pick = (): string => entities[Math.floor(Math.random() * entities.length)];
const kind = (): number => 0x1001 + Math.floor(Math.random() * 3);
while (!fs.existsSync(`${dir}.stop`)) {
  if (Math.random() < 0.2) store.batch(Array.from({ length: 1 + Math.floor(Math.random() * 5) }, () => ({ entity: pick(), kind: kind() })));
  else store.append({ entity: pick(), kind: kind() });
}
fs.writeFileSync(`${dir}.truth.json`, JSON.stringify(Object.fromEntries(store.lastSequence)));
