/**
 * Event stores for the events benchmark, written once per size and shape with the tests' store writer
 * (test/unit/storeWriter.ts) and kept in $BENCH_DATA: `account:N` entities of about 100 events each (open, deposit,
 * withdraw: named-map payloads of about 40 bytes as rmp-serde writes them), one write in 25 a batch of 4 compact
 * items, 256 MiB segments as batpak's default. `closed` is a store after Store::close (every segment has its footer,
 * index.ckpt written); `open` one a service is writing (the newest segment has no footer: its frames are read).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prng } from '../test/stress/keyspace';
import { array, f64, int, str, struct } from '../test/unit/rmp';
import { TestStore } from '../test/unit/storeWriter';
import { dataDir } from './config';

export type StoreShape = 'closed' | 'open';

export interface StoreMeta {
  events: number;
  entities: number;
  /** The entity the benchmark reads, and how many events it has. */
  entity: string;
  entityEvents: number;
  bytes: number;
  generatedInMs: number;
}

/** Bumped whenever the stores written change: cached ones of another version are written again. */
const STORE_VERSION = 1;
const EVENTS_PER_ENTITY = 100;
const SEGMENT_BYTES = 256 * 1024 * 1024;

/** The store of `events` events and `shape`, written now unless a current one is cached. */
export function ensureEventStore(events: number, shape: StoreShape, log: (line: string) => void): { dir: string; meta: StoreMeta } {
  const home = path.join(dataDir, `store-${events}-${shape}`);
  const dir = path.join(home, 'store');
  const metaFile = path.join(home, 'meta.json');
  if (fs.existsSync(metaFile)) {
    const cached = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as StoreMeta & { version: number };
    if (cached.version === STORE_VERSION) return { dir, meta: cached };
  }
  log(`Writing a ${events.toLocaleString('en-US')}-event ${shape} store in ${home} (once)…`);
  const started = Date.now();
  const aside = `${home}.writing-${process.pid}`;
  fs.rmSync(aside, { recursive: true, force: true });
  const store = new TestStore(path.join(aside, 'store'), SEGMENT_BYTES);
  const random = prng(events);
  const entities = Math.max(1, Math.round(events / EVENTS_PER_ENTITY));
  const entity = `account:${Math.floor(entities / 2)}`;
  const opened = new Set<string>();
  let entityEvents = 0;
  const event = (n: number) => {
    const name = `account:${Math.floor(random() * entities)}`;
    if (name === entity) entityEvents++;
    const first = !opened.has(name);
    opened.add(name);
    const cents = Math.floor(random() * 50_000);
    return { entity: name, kind: first ? 0x2001 : 0x2002 + (n % 2), payload: struct({ cents: int(cents), memo: str(`tx #${n}`), rate: f64(cents / 100) }) };
  };
  for (let n = 0; n < events; ) {
    if (n % 25 === 24 && n + 4 <= events) {
      store.batch([0, 1, 2, 3].map((j) => ({ ...event(n + j), payload: array(int(n + j), str(`line ${j}`)) })));
      n += 4;
    } else store.append(event(n++));
  }
  if (shape === 'closed') store.close();
  const bytes = fs.readdirSync(store.dir).reduce((sum, name) => sum + fs.statSync(path.join(store.dir, name)).size, 0);
  const meta: StoreMeta = { events, entities, entity, entityEvents, bytes, generatedInMs: Date.now() - started };
  fs.writeFileSync(path.join(aside, 'meta.json'), JSON.stringify({ version: STORE_VERSION, ...meta }, null, 2));
  fs.rmSync(home, { recursive: true, force: true });
  fs.renameSync(aside, home);
  return { dir, meta };
}
