/**
 * The lint rules that keep the architecture (eslint.config.mjs): each layer's forbidden imports, and promises nobody
 * handles, flagged on code written as if it lived in that layer; what is allowed passes.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { repoRoot } from './helpers';

const RESTRICTED = '@typescript-eslint/no-restricted-imports';

describe('lint: the layers and unhandled promises', function () {
  this.timeout(120_000);
  const eslint = new ESLint({ cwd: repoRoot });

  /** The rules `code` breaks when it stands in `file` (a real file of the layer: type-aware rules need its project). */
  async function broken(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
    return result.messages.map((message) => message.ruleId ?? message.message);
  }

  const cases: Array<[string, string, string, string[]]> = [
    ['src/core never imports vscode', 'src/core/bytes.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n", [RESTRICTED]],
    ['src/core never imports the extension', 'src/core/bytes.ts', "export { RootState } from '../extension/roots';\n", [RESTRICTED]],
    ['src/core never imports the CLI', 'src/core/bytes.ts', "export { run } from '../cli/main';\n", [RESTRICTED]],
    ['src/core imports itself', 'src/core/bytes.ts', "export { parseKey } from './key';\n", []],
    ['the CLI never imports vscode', 'src/cli/progress.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n", [RESTRICTED]],
    ['src/shared imports only its own files', 'src/shared/protocol.ts', "export { toHex } from '../core/bytes';\n", [RESTRICTED]],
    ['src/shared imports its guards', 'src/shared/protocol.ts', "export { isString } from './guards';\n", []],
    ['the webview imports no core value', 'media/editor/dom.ts', "import { toHex } from '../../src/core/bytes';\nexport const f = toHex;\n", [RESTRICTED]],
    ['the webview imports core types', 'media/editor/dom.ts', "import type { EntryRecord } from '../../src/core/record';\nexport type R = EntryRecord;\n", []],
    ['the webview imports the protocol', 'media/editor/dom.ts', "import { parseHostMessage } from '../../src/shared/protocol';\nexport const p = parseHostMessage;\n", []],
    ['the webview imports no Node module', 'media/editor/dom.ts', "import * as fs from 'node:fs';\nexport const f = fs;\n", [RESTRICTED]],
    ['a promise nobody handles', 'src/extension/settings.ts', 'async function later(): Promise<void> {}\nlater();\n', ['@typescript-eslint/no-floating-promises']],
    ['an async function where a void one is expected', 'src/extension/settings.ts', 'export const t = setTimeout(async () => undefined, 1);\n[1].forEach(async () => undefined);\n', ['@typescript-eslint/no-misused-promises']],
  ];
  for (const [name, file, code, expected] of cases) {
    it(`${name} (${file})`, async () => {
      assert.deepEqual([...new Set(await broken(file, code))], expected);
    });
  }
});
