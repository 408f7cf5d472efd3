/**
 * The words people read: the core returns facts (problems, store warnings, numbers) and each surface words them, the
 * CLI in English with its flag names, the extension in the display language (its words are checked in a real VS Code:
 * test/integration). Numbers, sizes and ages go through Intl in the locale a surface gives.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { displayLocale, humanFormat, InputProblem, readStore } from '../../src/core';
import { inputProblemText } from '../../src/cli/inputProblems';
import { storeWarningText } from '../../src/cli/storeWarnings';
import { fixturesDir, repoRoot } from './helpers';

describe('words: numbers, sizes and ages in a display language', () => {
  it('German writes 1.234, 1,5 KB and "vor 5 Min."; English 1,234, 1.5 KB and "5 min. ago"', () => {
    const de = humanFormat('de');
    assert.deepEqual([de.formatCount(1234), de.formatBytes(1536), de.formatAge(300_000), de.formatAge(-120_000), de.formatDuration(1250)], ['1.234', '1,5 KB', 'vor 5 Min.', 'in 2 Min.', '1,25 s']);
    const en = humanFormat('en');
    assert.deepEqual([en.formatCount(1234), en.formatBytes(1536), en.formatAge(300_000), en.formatAge(-120_000), en.formatDuration(1250)], ['1,234', '1.5 KB', '5 min. ago', 'in 2 min.', '1.25 s']);
  });

  it('sizes keep their steps: bytes, then powers of 1024, never "1024 MB"', () => {
    const en = humanFormat('en');
    assert.deepEqual([0, 1023, 1024, 10 * 1024, 1024 ** 2 - 1, 5 * 1024 ** 3].map(en.formatBytes), ['0 B', '1,023 B', '1.0 KB', '10 KB', '1.0 MB', '5.0 GB']);
    assert.equal(en.formatAge(999), humanFormat('en').formatAge(0), 'under a second is now');
  });

  it('a language Intl lacks, "und" (no locale set) or no tag at all falls back to English', () => {
    assert.deepEqual(['und', 'qps-ploc', '', undefined, 'not a tag!'].map(displayLocale), ['en', 'en', 'en', 'en', 'en']);
    assert.equal(displayLocale('zh-cn'), 'zh-CN');
    assert.equal(displayLocale('de'), 'de');
  });
});

/** Every string and template literal in a TypeScript file, with its line, comments left out. */
function literals(file: string): Array<{ line: number; text: string }> {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Array<{ line: number; text: string }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.text });
    else if (ts.isTemplateExpression(node)) {
      const text = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('${}');
      found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function coreFiles(dir = path.join(repoRoot, 'src', 'core')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? coreFiles(file) : entry.name.endsWith('.ts') ? [file] : [];
  });
}

/** Strings naming a command line flag (`--prefix`), as `file:line: text`. */
function flagsIn(files: string[]): string[] {
  return files.flatMap((file) =>
    literals(file)
      .filter(({ text }) => /(^|[^-\w])--[a-z]/.test(text))
      .map(({ line, text }) => `${path.relative(repoRoot, file)}:${line}: ${text}`),
  );
}

/** Whether a node is written text: a string or template literal. */
const isText = (node: ts.Node): boolean => ts.isStringLiteral(node) || ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node);

/**
 * `new CacheInputError(…)` calls whose second argument is not a problem object, and calls of a subclass's constructor
 * (`new ValueQueryError(…)`) with text; and how many calls there are.
 */
function wordedErrorsIn(files: string[]): { worded: string[]; thrown: number } {
  const worded: string[] = [];
  let thrown = 0;
  for (const file of files) {
    const subclasses = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (ts.isClassDeclaration(node) && node.name && node.heritageClauses?.some((clause) => clause.getText().includes('CacheInputError'))) subclasses.add(node.name.text);
      if (ts.isNewExpression(node) && node.expression.getText() === 'CacheInputError') {
        thrown++;
        if (!node.arguments?.[1] || !ts.isObjectLiteralExpression(node.arguments[1])) worded.push(`${path.relative(repoRoot, file)}: ${node.getText()}`);
      } else if (ts.isNewExpression(node) && subclasses.has(node.expression.getText())) {
        thrown++;
        if (node.arguments?.some(isText)) worded.push(`${path.relative(repoRoot, file)}: ${node.getText()}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true));
  }
  return { worded, thrown };
}

describe('words: the core words nothing for one surface', () => {
  it('src/core names no command line flag (--prefix…) in any string', () => {
    assert.deepEqual(flagsIn(coreFiles()), []);
  });

  it('src/core throws CacheInputError with a problem for the surfaces to word, never with a sentence', () => {
    const { worded, thrown } = wordedErrorsIn(coreFiles());
    assert.ok(thrown >= 15, `found the core's input errors (${thrown})`);
    assert.deepEqual(worded, []);
  });

  it('both checks find what they look for (and not in comments)', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bce-words-')), 'bad.ts');
    fs.writeFileSync(
      file,
      "// --in-a-comment\nthrow new CacheInputError('bad-selector', `Use --prefix for ${'text'}.`);\n" +
        "class QueryError extends CacheInputError {}\nthrow new QueryError(`The query is not JSON: ${'x'}.`, 1);\nthrow new QueryError({ code: 'query-not-object' });\n",
    );
    assert.equal(flagsIn([file]).length, 1);
    const { worded, thrown } = wordedErrorsIn([file]);
    assert.deepEqual([worded.length, thrown], [2, 3]);
  });
});

describe("words: the CLI's English", () => {
  it('names the flag that fixes the input', () => {
    const cases: Array<[InputProblem, RegExp]> = [
      [{ code: 'prefix-not-hex', input: 'account:1' }, /^The hex prefix "account:1" has characters other than 0-9 and a-f\. Use --prefix for text\.$/],
      [{ code: 'entity-empty' }, /--entity user:42/],
      [{ code: 'store-without-segments', dir: '/x' }, /^\/x holds no batpak segment files \(NNNNNN\.fbat\): pass --store /],
      [{ code: 'root-refused', path: '/', what: 'file-system-root' }, /^Refusing to change \/: it is the file system root, not a cache root\./],
    ];
    for (const [problem, words] of cases) assert.match(inputProblemText(problem), words);
  });

  it("words the store reader's warnings on damaged batpak stores as before: what is wrong, and what is done about it", () => {
    const stores = path.join(fixturesDir, 'stores-0.3.0');
    const expected: Record<string, RegExp> = {
      T1_torn_tail: /^000008\.fbat ends in a half-written frame at offset \d+ \(the store is being written, or crashed\): read up to the last complete frame$/,
      T2_incomplete_batch: /^a batch of 2 events starting in \d+\.fbat has no COMMIT yet \(being written, or abandoned\): not counted$/,
      T3_crc_mid_active: /^000008\.fbat: the frame at offset 544 fails its CRC check: the rest of the segment is not read, as batpak does$/,
      T6_ckpt_crc: /^index\.ckpt fails its CRC check \(damaged or being replaced\): ignored$/,
    };
    for (const [name, words] of Object.entries(expected)) {
      const texts = readStore(path.join(stores, name, 'store')).warnings.map(storeWarningText);
      assert.ok(texts.some((text) => words.test(text)), `${name}: ${texts.join(' | ')}`);
    }
    assert.equal(storeWarningText({ code: 'index-undecodable', file: 'visibility_ranges.fbv', role: 'visibility' }), 'visibility_ranges.fbv passes its CRC check but cannot be decoded: ignored; cancelled events may be counted');
    assert.equal(storeWarningText({ code: 'frames-undecodable', segment: '000001.fbat', count: 1 }), '000001.fbat: 1 frame with a valid CRC cannot be decoded: skipped, as batpak does');
  });
});
