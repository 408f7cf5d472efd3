/**
 * What translators get: every user-visible string of the manifest comes from package.nls.json (and every key there is
 * used), and l10n/bundle.l10n.json holds exactly the strings the extension passes to vscode.l10n.t.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './helpers';

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(repoRoot, file), 'utf8'));

/** Manifest fields VS Code shows to people (ids, paths, when-clauses and the package name are not among them). */
const SHOWN = new Set(['displayName', 'description', 'title', 'category', 'name', 'contextualTitle', 'contents', 'markdownDescription', 'altText', 'enumDescriptions']);

/** [JSON path, text] of every shown string below `value`; the package's own `name` is its id. */
function shownStrings(value: unknown, at: string, shown: boolean): Array<[string, string]> {
  if (typeof value === 'string') return shown ? [[at, value]] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => shownStrings(item, `${at}[${i}]`, shown));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const isShown = at === '$' ? key === 'displayName' || key === 'description' : SHOWN.has(key);
    return shownStrings(child, `${at}.${key}`, isShown);
  });
}

describe('localization', () => {
  it('takes every user-visible manifest string from package.nls.json, and uses every key there', () => {
    const manifest = readJson('package.json');
    const nls = readJson('package.nls.json') as Record<string, string>;
    const strings = shownStrings(manifest, '$', false);
    assert.ok(strings.length > 50, `found the manifest's strings (${strings.length})`);
    const literal = strings.filter(([, text]) => !/^%[^%]+%$/.test(text));
    assert.deepEqual(literal, [], 'user-visible strings written into package.json instead of package.nls.json');
    const used = new Set(strings.map(([, text]) => text.slice(1, -1)));
    assert.deepEqual(Object.keys(nls).filter((key) => !used.has(key)), [], 'package.nls.json keys nothing uses');
    assert.deepEqual([...used].filter((key) => !(key in nls)), [], 'keys missing from package.nls.json');
  });

  it('ships an l10n bundle with exactly the strings of the code (npm run l10n:export writes it)', function () {
    this.timeout(120_000);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bce-l10n-'));
    try {
      const cli = path.join(repoRoot, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
      execFileSync(process.execPath, [cli, 'export', '--outDir', out, path.join(repoRoot, 'src', 'extension')], { cwd: repoRoot, stdio: 'ignore' });
      const fresh = JSON.parse(fs.readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
      const shipped = readJson('l10n/bundle.l10n.json') as Record<string, string>;
      assert.ok(Object.keys(fresh).length > 100, 'the export found the strings');
      assert.deepEqual(Object.keys(shipped).sort(), Object.keys(fresh).sort(), 'l10n/bundle.l10n.json is out of date: run npm run l10n:export');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
