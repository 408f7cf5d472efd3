/**
 * What an export of a fixture's whole root must hold, from its manifest: one line per entry in path order (no temp
 * file), the `ls --json` object, and every value byte for byte as batpak wrote it (the stored JSON text embedded as
 * `value`, else `valueHex`). Shared by the CLI's `export` tests and the extension's *Export…* test.
 */
import * as assert from 'node:assert/strict';
import { Node, parseTree } from 'jsonc-parser';
import { isInteger, parse } from 'lossless-json';
import { byPath } from './cliRun';
import { ManifestFile, readManifest } from './helpers';

/** The bytes of a file's value as the manifest records them; undefined when it left them out (or there are none). */
export function manifestValue(file: ManifestFile): Buffer | undefined {
  if (file.value_hex !== undefined) return Buffer.from(file.value_hex, 'hex');
  return file.value_utf8 === undefined ? undefined : Buffer.from(file.value_utf8, 'utf8');
}

/** The manifest's value decoded as JSON with every integer as a bigint; undefined when it is not JSON. */
export function decoded(file: ManifestFile): unknown {
  const bytes = manifestValue(file);
  if (!bytes || bytes.length === 0) return undefined;
  try {
    return parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes), undefined, (digits) => (isInteger(digits) ? BigInt(digits) : Number(digits)));
  } catch {
    return undefined;
  }
}

/** The text of the `value` member of an export line, exactly as written. */
export function rawValue(line: string): string | undefined {
  const value = parseTree(line)?.children?.find((member: Node) => member.children?.[0].value === 'value')?.children?.[1];
  return value && line.slice(value.offset, value.offset + value.length);
}

/** Asserts that `text`, an export of the whole root of `scenario`, is what its manifest says. */
export function checkExport(scenario: string, text: string): void {
  const manifest = readManifest(scenario);
  const lines = text.split('\n').filter(Boolean);
  const objects = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const paths = objects.map((o) => o.path as string);
  assert.deepEqual(paths, manifest.files.filter((f) => f.kind === 'cache_entry').map((f) => f.path).sort(byPath), 'every entry, no temp file');
  const byFile = new Map(manifest.files.map((f) => [f.path, f]));
  lines.forEach((line, i) => {
    const file = byFile.get(paths[i]) as ManifestFile;
    const object = objects[i];
    assert.equal(object.keyHex, file.key_hex, `${file.path}: the ls --json object`);
    if (file.status === 'corrupt_short') {
      assert.deepEqual([object.status, object.valueHex, 'value' in object], ['corrupt', null, false], `${file.path}: corrupt, no value`);
      return;
    }
    const expected = manifestValue(file);
    if (!expected) return assert.equal(object.valueLength, file.file_len - (object.trailer === 'v2' ? 40 : 16), `${file.path}: a value the manifest leaves out`);
    if ('value' in object) assert.equal(rawValue(line), expected.toString('utf8'), `${file.path}: the stored JSON text`);
    else assert.equal(object.valueHex, expected.toString('hex'), `${file.path}: not JSON, in hex`);
    assert.equal('value' in object, decoded(file) !== undefined, `${file.path}: value exactly when it is JSON`);
  });
}
