/** The trailer codec: both layouts, detection by magic, short files, warnings, and real bytes batpak wrote. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { cachedAtMs, decodeTrailer, encodeTrailer, Trailer, trailerWarnings, V2_MAGIC } from '../../src/core';
import { fuzzRuns, JAN_2024_US, v1, v2 } from './builders';
import { fixturesDir, readManifest } from './helpers';

const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const i64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });

/** Decodes a whole file the way the scanner does: from its last min(size, 40) bytes. */
function decodeFile(file: Uint8Array, only?: 'v1'): Trailer | undefined {
  return decodeTrailer(file.subarray(Math.max(0, file.length - 40)), file.length, only);
}

const withValue = (value: string, trailer: Trailer): Buffer => Buffer.concat([Buffer.from(value), encodeTrailer(trailer)]);

describe('trailer: encode and decode', () => {
  it('v1 round-trips every u64 watermark and i64 cached-at', () => {
    fc.assert(
      fc.property(u64, i64, fc.uint8Array({ maxLength: 64 }), (watermark, cachedAtUs, value) => {
        const trailer: Trailer = { format: 'v1', watermark, cachedAtUs };
        const file = Buffer.concat([value, encodeTrailer(trailer)]);
        assert.equal(encodeTrailer(trailer).length, 16);
        // A value that happens to end the file in the magic is read as v2: that is the format's rule, not a bug.
        fc.pre(file.length < 40 || file.readBigUInt64LE(file.length - 8) !== V2_MAGIC);
        assert.deepEqual(decodeFile(file), trailer);
      }),
      { numRuns: fuzzRuns() },
    );
  });

  it('v2 round-trips all four fields, whatever the value before it', () => {
    fc.assert(
      fc.property(u64, i64, i64, u64, fc.uint8Array({ maxLength: 64 }), (watermark, cachedAtUs, cachedAtMonoNs, processBootNs, value) => {
        const trailer: Trailer = { format: 'v2', watermark, cachedAtUs, cachedAtMonoNs, processBootNs };
        const encoded = encodeTrailer(trailer);
        assert.equal(encoded.length, 40);
        assert.equal(encoded.subarray(32).toString('hex'), 'd1d0cfcecdcccbca', 'the magic, little-endian');
        assert.deepEqual(decodeFile(Buffer.concat([value, encoded])), trailer);
      }),
      { numRuns: fuzzRuns() },
    );
  });

  it('decodes from a tail longer than 40 bytes (the whole file) the same as from the last 40', () => {
    const file = withValue('{"a":1}', v2());
    assert.deepEqual(decodeTrailer(file, file.length), decodeFile(file));
  });
});

describe('trailer: which layout a file has', () => {
  it('a file under 16 bytes has no trailer (batpak deletes it on read)', () => {
    for (let size = 0; size < 16; size++) assert.equal(decodeFile(Buffer.alloc(size, 0xab)), undefined, `${size} bytes`);
  });

  it('exactly 16 bytes is a v1 entry with an empty value', () => {
    const file = encodeTrailer(v1(JAN_2024_US, 42n));
    assert.deepEqual(decodeFile(file), { format: 'v1', watermark: 42n, cachedAtUs: JAN_2024_US });
  });

  it('the magic counts only in a file of at least 40 bytes', () => {
    const magic = Buffer.from('d1d0cfcecdcccbca', 'hex');
    for (const size of [16, 24, 39]) {
      const file = Buffer.concat([Buffer.alloc(size - 8, 1), magic]);
      assert.equal(decodeFile(file)?.format, 'v1', `${size} bytes ending in the magic`);
    }
    const forty = Buffer.concat([Buffer.alloc(32, 1), magic]);
    assert.equal(decodeFile(forty)?.format, 'v2', '40 bytes ending in the magic');
  });

  it('a 40-byte file without the magic is v1, read from its last 16 bytes', () => {
    const file = Buffer.concat([Buffer.alloc(24, 0x20), encodeTrailer(v1(JAN_2024_US, 5n))]);
    assert.deepEqual(decodeFile(file), v1(JAN_2024_US, 5n));
  });

  it("only: 'v1' ignores the magic and reads the last 16 bytes as batpak <= 0.6.0 did", () => {
    const file = withValue('{}', v2(JAN_2024_US, 9n));
    const legacy = decodeFile(file, 'v1');
    assert.equal(legacy?.format, 'v1');
    assert.equal(legacy?.watermark, file.readBigUInt64LE(file.length - 16));
    assert.equal(legacy?.cachedAtUs, file.readBigInt64LE(file.length - 8));
  });

  it('a tail shorter than min(size, 40) is refused rather than misread', () => {
    const file = withValue('{}', v2());
    assert.equal(decodeTrailer(file.subarray(file.length - 16), file.length), undefined);
  });
});

describe('trailer: warnings', () => {
  it('a plausible v2 trailer has none and a millisecond time', () => {
    assert.deepEqual(trailerWarnings(v2()), []);
    assert.equal(cachedAtMs(v2()), Number(JAN_2024_US / 1000n));
  });

  it('cached-at before 2000 or from 2200 on is implausible and has no time', () => {
    const y2000 = 946_684_800_000_000n;
    const y2200 = 7_258_118_400_000_000n;
    for (const at of [-1n, 0n, y2000 - 1n, y2200, 2n ** 63n - 1n, -(2n ** 63n)]) {
      assert.deepEqual(trailerWarnings(v1(at)), ['cached-at-implausible'], String(at));
      assert.equal(cachedAtMs(v1(at)), undefined);
    }
    for (const at of [y2000, y2200 - 1n]) assert.deepEqual(trailerWarnings(v1(at)), [], String(at));
  });

  it('a process that booted well after it cached the value is flagged (v2 only)', () => {
    const bootAt = (us: bigint): Trailer => ({ ...v2(), processBootNs: us * 1000n });
    assert.deepEqual(trailerWarnings(bootAt(JAN_2024_US + 3_600_000_000n)), ['boot-after-cached-at'], 'an hour later');
    assert.deepEqual(trailerWarnings({ ...bootAt(JAN_2024_US + 3_600_000_000n), format: 'v1' }), [], 'v1 has no boot time');
    // batpak's own first write in a process records a boot time microseconds after cached_at (see the fixtures).
    assert.deepEqual(trailerWarnings(bootAt(JAN_2024_US + 3n)), [], 'a few microseconds of clock skew');
    assert.deepEqual(trailerWarnings({ ...v2(), processBootNs: 0n }), [], 'no boot time recorded');
  });
});

describe('trailer: real bytes from batpak', () => {
  const text = (value: unknown): string => String(value);

  for (const scenario of ['cache-0.6-c940fd5c/basic', 'cache-0.3.0/basic']) {
    it(`${scenario}: the last bytes of real files decode to the manifest's fields and re-encode byte for byte`, () => {
      const files = readManifest(scenario).files.filter((f) => f.kind === 'cache_entry' && f.trailer_hex);
      assert.ok(files.length > 10);
      for (const file of files) {
        const bytes = fs.readFileSync(path.join(fixturesDir, scenario, 'cache', file.path));
        const trailer = decodeFile(bytes);
        assert.ok(trailer, file.path);
        assert.equal(trailer.format, file.trailer_kind === '40-byte+magic' ? 'v2' : 'v1', file.path);
        assert.equal(trailer.watermark.toString(), text(file.watermark), `${file.path}: watermark`);
        assert.equal(trailer.cachedAtUs.toString(), text(file.cached_at_us), `${file.path}: cached_at_us`);
        if (trailer.format === 'v2') {
          assert.equal(trailer.cachedAtMonoNs?.toString(), text(file.cached_at_mono_ns), `${file.path}: mono`);
          assert.equal(trailer.processBootNs?.toString(), text(file.process_boot_ns), `${file.path}: boot`);
        }
        assert.equal(encodeTrailer(trailer).toString('hex'), file.trailer_hex, `${file.path}: re-encoded`);
        assert.deepEqual(trailerWarnings(trailer), [], `${file.path}: real trailers are plausible`);
      }
    });
  }
});
