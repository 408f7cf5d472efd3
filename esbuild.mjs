// Bundles the extension host code, its workers (store reading, scanning), the CLI and the webviews into dist/, emptied first so it
// holds one build only (no source map beside code it does not describe). `--watch` rebuilds on change; `--production`
// (vsce's vscode:prepublish) minifies, without source maps.
import { readFileSync, rmSync } from 'node:fs';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  // jsonc-parser's main build is UMD, whose require() calls esbuild cannot follow: its ES module build bundles.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The event store is read in a worker thread: its entry is a file of its own beside dist/extension.js.
  { ...common, entryPoints: ['src/extension/storeWorker.ts'], outfile: 'dist/storeWorker.js' },
  // A root is scanned in worker threads (src/core/census/pool.ts), for the extension and the CLI alike.
  { ...common, entryPoints: ['src/core/census/scanWorker.ts'], outfile: 'dist/scanWorker.js' },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, define: { BATPAK_CLI_VERSION: JSON.stringify(version) } },
  { ...common, platform: 'browser', format: 'iife', target: 'chrome114', entryPoints: ['media/editor/main.ts'], outfile: 'dist/editor/editor.js', loader: { '.ttf': 'file' } },
  { ...common, platform: 'browser', format: 'iife', target: 'chrome114', entryPoints: ['media/overview/main.ts'], outfile: 'dist/overview/overview.js' },
];

rmSync('dist', { recursive: true, force: true });
if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
