/**
 * A command pointed at the folder above a cache (the service's folder, say) finds no entries there, only foreign
 * files: it names the cache roots it finds below, with the command to run on them.
 */
import { discoverRoots } from '../core';
import { safe } from './output';

/** Roots named in the hint; more are counted. */
const NAMED = 5;

export async function hintRootsBelow(folder: string, command: string): Promise<void> {
  const { roots } = await discoverRoots(folder, { maxDepth: 3, timeoutMs: 1000 });
  if (roots.length === 0) return;
  const named = roots.slice(0, NAMED).map((root) => `  ${safe(root)}`);
  if (roots.length > NAMED) named.push(`  … and ${roots.length - NAMED} more`);
  const what = roots.length === 1 ? 'the parent of a cache root' : `the parent of ${roots.length} cache roots`;
  process.stderr.write(
    [`note: ${safe(folder)} holds no cache entries: it looks like ${what}:`, ...named, `Try: batpak-cache ${command} ${safe(roots[0])}`].join('\n') + '\n',
  );
}
