/** The previous versions Compare with Previous Version offers: what counts as a version, and the bounds. */
import * as assert from 'node:assert/strict';
import { VersionHistory } from '../../src/extension/compare/versionHistory';

const value = (text: string): Buffer => Buffer.from(text);

describe('version history', () => {
  it('a value different from the last seen is a new version; the same value seen again is not', () => {
    const history = new VersionHistory();
    history.observe('a.bin', value('{"n":1}'), 41n, 1000);
    history.observe('a.bin', value('{"n":1}'), 41n, 2000);
    history.observe('a.bin', value('{"n":2}'), 44n, 3000);
    const [previous, ...rest] = history.previous('a.bin', value('{"n":2}'));
    assert.deepEqual(rest, []);
    assert.deepEqual([previous.bytes.toString(), previous.watermark, previous.seenAt, previous.replacedAt], ['{"n":1}', 41n, 1000, 3000]);
  });

  it('offers every version but the one on disk, newest first, also when the disk moved on unseen', () => {
    const history = new VersionHistory();
    for (const n of [1, 2, 3]) history.observe('a.bin', value(`${n}`), BigInt(n));
    assert.deepEqual(history.previous('a.bin', value('3')).map((v) => v.bytes.toString()), ['2', '1']);
    assert.deepEqual(history.previous('a.bin', value('9')).map((v) => v.bytes.toString()), ['3', '2', '1'], 'rewritten while nobody watched');
    assert.deepEqual(history.previous('other.bin', value('1')), []);
  });

  it('keeps at most perEntry versions of an entry, dropping its oldest', () => {
    const history = new VersionHistory(3);
    for (let n = 1; n <= 5; n++) history.observe('a.bin', value(`${n}`), null);
    assert.deepEqual(history.previous('a.bin', value('x')).map((v) => v.bytes.toString()), ['5', '4', '3']);
    assert.equal(history.totalBytes, 3);
  });

  it('keeps at most maxBytes in all, evicting the oldest version of any entry first', () => {
    const history = new VersionHistory(20, 10);
    history.observe('a.bin', value('aaaa'), null);
    history.observe('b.bin', value('bbbb'), null);
    history.observe('a.bin', value('AAAA'), null);
    assert.equal(history.totalBytes, 8);
    assert.deepEqual(history.previous('a.bin', value('x')).map((v) => v.bytes.toString()), ['AAAA'], 'a.bin lost its oldest');
    assert.deepEqual(history.previous('b.bin', value('x')).map((v) => v.bytes.toString()), ['bbbb']);
    history.observe('c.bin', value('cccc'), null);
    assert.deepEqual(history.previous('b.bin', value('x')), [], 'then b.bin, the oldest left');
    assert.equal(history.totalBytes, 8);
  });

  it('keeps a copy: the caller may reuse its buffer; a value over the whole budget is not kept', () => {
    const history = new VersionHistory(20, 10);
    const buffer = value('1234');
    history.observe('a.bin', buffer, null);
    buffer.write('9999');
    assert.equal(history.previous('a.bin', value('x'))[0].bytes.toString(), '1234');
    history.observe('a.bin', value('x'.repeat(11)), null);
    assert.deepEqual([history.previous('a.bin', value('x')).length, history.totalBytes], [0, 0]);
  });
});
