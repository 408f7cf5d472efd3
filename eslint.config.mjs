import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The layers (see the README's Shape): who may import whom, checked rather than hoped for. */
const layer = (files, patterns) => ({ files, rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] } });
const noVscode = { group: ['vscode'], message: 'Only src/extension may import vscode.' };

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', '.vscode-test/', 'test-results/', 'test/fixtures/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware rules, only those we need: a promise nobody awaits or catches, or one passed where a plain value is
    // expected (an async listener), loses its error.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  layer(['src/core/**/*.ts'], [noVscode, { group: ['**/extension', '**/extension/**', '**/cli', '**/cli/**'], message: 'src/core is plain Node: the CLI and the extension call it, never the reverse.' }]),
  layer(['src/cli/**/*.ts'], [noVscode, { group: ['**/extension', '**/extension/**'], message: 'The CLI uses src/core, not the extension.' }]),
  layer(['src/shared/**/*.ts'], [{ regex: '^(?!\\./)', message: 'src/shared is bundled into the webview too: it imports only its own files.' }]),
  layer(
    ['media/**/*.ts'],
    [
      noVscode,
      { group: ['node:*'], message: 'The webview runs in a browser.' },
      { regex: '^\\.\\./\\.\\./src/(?!shared/)', allowTypeImports: true, message: 'The webview imports values only from src/shared (the host<->webview protocol); types from anywhere.' },
    ],
  ),
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', fetch: 'readonly' } },
  },
  { files: ['bench/extension/baseline/*.js'], languageOptions: { sourceType: 'commonjs' } },
  {
    files: ['media/**/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', acquireVsCodeApi: 'readonly', navigator: 'readonly', requestAnimationFrame: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
