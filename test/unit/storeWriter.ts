/**
 * Writes batpak 0.3.0-style store directories for tests and benchmarks: segment headers, CRC'd MessagePack frames,
 * batch markers, SIDX footers on rotation, index.ckpt on close, with the global sequences batpak would assign. Frames
 * are written in two pieces, so a reader racing the writer sees half-written frames.
 */
import { encode } from '@msgpack/msgpack';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';

export interface WrittenEvent {
  entity: string;
  kind: number;
  /** The user value as MessagePack (rmp.ts), stored as batpak does: an array of byte ints. Default: nil. */
  payload?: Uint8Array;
  scope?: string;
}

interface Pending {
  segment: number;
  id: Buffer;
  entity: string;
  kind: number;
  wallMs: number;
  clock: number;
  offset: number;
  length: number;
  sequence: number;
}

const be32 = (value: number): number[] => [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
const id16 = (value: bigint): Buffer => Buffer.from(value.toString(16).padStart(32, '0'), 'hex');

function segmentHeader(segmentId: number): Buffer {
  const header = Buffer.from(encode({ version: 1, flags: 0, created_ns: 1_795_796_547_000_000_000n, segment_id: segmentId }, { useBigInt64: true }));
  const head = Buffer.alloc(8);
  head.write('FBAT', 0, 'latin1');
  head.writeUInt32BE(header.length, 4);
  return Buffer.concat([head, header]);
}

interface FrameFields {
  id: Buffer;
  entity: string;
  kind: number;
  wallMs: number;
  clock: number;
  payload?: Uint8Array;
  /** The item count on a BEGIN marker. */
  payloadSize?: number;
  scope?: string;
}

function frameBody(e: FrameFields): Buffer {
  const payload = e.payload ?? Uint8Array.of(0xc0);
  const header = {
    event_id: e.id,
    correlation_id: e.id,
    causation_id: null,
    timestamp_us: e.wallMs * 1000,
    position: { wall_ms: e.wallMs, counter: 0, depth: 0, lane: 0, sequence: e.clock },
    payload_size: e.payloadSize ?? payload.length,
    event_kind: e.kind,
    flags: 0,
    content_hash: new Array(32).fill(0),
  };
  return Buffer.from(encode({ event: { header, payload: Array.from(payload), hash_chain: null }, entity: e.entity, scope: e.scope ?? 'test' }));
}

function frame(body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.writeUInt32BE(crc32(body), 4);
  return Buffer.concat([head, body]);
}

/** `[string table][154-byte entries][string_table_offset | count | magic]` */
function sidxFooter(entries: readonly Pending[], stringTableOffset: number): Buffer {
  const strings: string[] = [];
  const indexes = new Map<string, number>();
  const index = (s: string): number => indexes.get(s) ?? indexes.set(s, strings.push(s) - 1).get(s) as number;
  const blocks = entries.map((e) => {
    const b = Buffer.alloc(154);
    Buffer.from(e.id).reverse().copy(b, 0);
    b.writeUInt32LE(index(e.entity), 16);
    b.writeUInt32LE(index('test'), 20);
    b.writeUInt16LE(e.kind, 24);
    b.writeBigUInt64LE(BigInt(e.wallMs), 26);
    b.writeUInt32LE(e.clock, 34);
    b.writeBigUInt64LE(BigInt(e.offset), 102);
    b.writeUInt32LE(e.length, 110);
    b.writeBigUInt64LE(BigInt(e.sequence), 114);
    return b;
  });
  const trailer = Buffer.alloc(16);
  trailer.writeBigUInt64LE(BigInt(stringTableOffset), 0);
  trailer.writeUInt32LE(entries.length, 8);
  trailer.write('SIDX', 12, 'latin1');
  return Buffer.concat([Buffer.from(encode(strings)), ...blocks, trailer]);
}

/** A store writer with batpak's sequence rules; `lastSequence` is what a reader should find per entity. */
export class TestStore {
  readonly lastSequence = new Map<string, number>();
  private sequence = 0;
  private segmentId = 0;
  private size = 0;
  private footer: Pending[] = [];
  private fd: number | undefined;
  /** Every event, for the checkpoint. */
  private readonly written: Pending[] = [];
  private readonly clocks = new Map<string, number>();
  private readonly walls = new Map<string, number>();
  private nextId = BigInt(Date.now()) << 64n;

  constructor(
    readonly dir: string,
    private readonly maxSegmentBytes = 4096,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.openSegment();
  }

  append(event: WrittenEvent): void {
    const pending = this.writeEvent(event);
    pending.sequence = this.sequence++;
    this.record(pending);
  }

  /** BEGIN, the items, COMMIT; the items reach the footer of the segment active at COMMIT. */
  batch(events: readonly WrittenEvent[]): void {
    const first = this.sequence;
    this.sequence += events.length;
    this.writeMarker(0x0006, BigInt(first), events.length);
    const items = events.map((event) => this.writeEvent(event));
    this.writeMarker(0x0007, BigInt(first), 0);
    items.forEach((item, j) => {
      item.sequence = first + j;
      this.record(item);
    });
  }

  /** Seals the active segment with its footer and opens the next one. */
  rotate(): void {
    this.seal();
    this.openSegment();
  }

  /** Closes the store as Store::close does: the active segment's footer, then index.ckpt (v2) over every event. */
  close(): void {
    this.seal();
    const entities = ['', ...new Set(this.written.map((e) => e.entity)), 'test'];
    const numbers = new Map(entities.map((name, i) => [name, i]));
    const hash = new Array(32).fill(0);
    const parts = [
      Buffer.from([0x85]),
      ...[['global_sequence', this.sequence], ['watermark_segment_id', this.segmentId], ['watermark_offset', this.size], ['interner_strings', entities]].map(([k, v]) => Buffer.from(encode({ [k as string]: v }).subarray(1))),
      Buffer.from(encode('entries')),
      Buffer.from([0xdd, ...be32(this.written.length)]),
      ...[...this.written].sort((a, b) => a.sequence - b.sequence).map((e) =>
        encode({
          event_id: e.id, correlation_id: e.id, causation_id: null, entity_id: numbers.get(e.entity), scope_id: numbers.get('test'), kind: e.kind, wall_ms: e.wallMs,
          clock: e.clock, prev_hash: hash, event_hash: hash, segment_id: e.segment, offset: e.offset, length: e.length, global_sequence: e.sequence,
        }),
      ),
    ];
    const body = Buffer.concat(parts);
    const head = Buffer.alloc(12);
    head.write('FBATCK', 0, 'latin1');
    head.writeUInt16LE(2, 6);
    head.writeUInt32LE(crc32(body), 8);
    fs.writeFileSync(path.join(this.dir, 'index.ckpt'), Buffer.concat([head, body]));
  }

  private seal(): void {
    this.write(sidxFooter(this.footer, this.size));
    this.footer = [];
  }

  private record(pending: Pending): void {
    this.written.push(pending);
    this.footer.push(pending);
    this.lastSequence.set(pending.entity, pending.sequence);
  }

  private writeEvent(event: WrittenEvent): Pending {
    const clock = this.clocks.get(event.entity) ?? 0;
    this.clocks.set(event.entity, clock + 1);
    const wallMs = Math.max(Date.now(), this.walls.get(event.entity) ?? 0);
    this.walls.set(event.entity, wallMs);
    const id = id16(this.nextId++);
    const bytes = frame(frameBody({ id, entity: event.entity, kind: event.kind, wallMs, clock, payload: event.payload, scope: event.scope }));
    const offset = this.writeFrame(bytes);
    return { segment: this.segmentId, id, entity: event.entity, kind: event.kind, wallMs, clock, offset, length: bytes.length, sequence: -1 };
  }

  private writeMarker(kind: number, first: bigint, count: number): void {
    this.writeFrame(frame(frameBody({ id: id16(first), entity: '_batch', kind, wallMs: Date.now(), clock: 0, payload: new Uint8Array(0), payloadSize: count, scope: '_system' })));
  }

  private writeFrame(bytes: Buffer): number {
    if (this.size >= this.maxSegmentBytes) this.rotate();
    const offset = this.size;
    const cut = Math.floor(bytes.length / 2);
    this.write(bytes.subarray(0, cut));
    this.write(bytes.subarray(cut));
    return offset;
  }

  private openSegment(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.segmentId++;
    this.size = 0;
    this.fd = fs.openSync(path.join(this.dir, `${String(this.segmentId).padStart(6, '0')}.fbat`), 'a');
    this.write(segmentHeader(this.segmentId));
  }

  /** Appends to the active segment, kept open (a benchmark store has a million frames). */
  private write(bytes: Buffer): void {
    fs.writeSync(this.fd as number, bytes);
    this.size += bytes.length;
  }
}
