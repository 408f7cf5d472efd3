// The package's README (vscode:prepublish, after the production build): MARKETPLACE.md with each picture it links
// by a relative path embedded as a data: URL, written to dist/README.md for `vsce package --readme-path`. VS Code's
// details page renders the README in a webview whose policy loads images only from https: and data: URLs, and
// resolves a relative path against the webview itself, not the installed extension: without a public repository to
// point https links at, embedding is what makes the pictures show there.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './vscode-host/paths.mjs';

const TYPES = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif' };

const source = readFileSync(path.join(repoRoot, 'MARKETPLACE.md'), 'utf8');
const embedded = source.replace(/(!\[[^\]]*\]\()([^)\s]+)\)/g, (link, start, target) => {
  if (/^[a-z]+:/i.test(target)) return link;
  const type = TYPES[path.extname(target).toLowerCase()];
  if (!type) throw new Error(`MARKETPLACE.md: ${target} is not a picture VS Code shows (${Object.keys(TYPES).join(', ')})`);
  return `${start}data:${type};base64,${readFileSync(path.join(repoRoot, target)).toString('base64')})`;
});
mkdirSync(path.join(repoRoot, 'dist'), { recursive: true });
writeFileSync(path.join(repoRoot, 'dist', 'README.md'), embedded);
console.log(`[package-readme] dist/README.md: MARKETPLACE.md with ${(source.match(/!\[/g) ?? []).length} pictures embedded (${Math.round(embedded.length / 1024)} KB)`);
