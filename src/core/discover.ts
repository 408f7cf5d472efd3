/**
 * Finding cache roots under a folder: directories whose immediate subdirectories are shard directories holding entry
 * or temp files. Breadth-first, bounded in depth, directory count and time, so a huge workspace (a Rust `target/`
 * with 100,000 files) cannot stall it.
 */
import type { Dirent } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { isShardName } from './names';
import { looksLikeCacheRoot } from './root';

export const ALWAYS_SKIPPED = ['node_modules', 'target', '.git'];

export interface DiscoverOptions {
  maxDepth?: number;
  maxDirectories?: number;
  timeoutMs?: number;
  /** Directories to leave out (by absolute path), e.g. what `files.exclude` hides. */
  skip?: (absolute: string, name: string) => boolean;
}

export interface DiscoverResult {
  roots: string[];
  /** True when a bound stopped the search before it covered everything. */
  truncated: boolean;
}

export async function discoverRoots(folder: string, options: DiscoverOptions = {}): Promise<DiscoverResult> {
  const { maxDepth = 4, maxDirectories = 5000, timeoutMs = 2000 } = options;
  const deadline = Date.now() + timeoutMs;
  const roots: string[] = [];
  let queue: string[] = [folder];
  let visited = 0;
  for (let depth = 0; depth <= maxDepth && queue.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of queue) {
      if (++visited > maxDirectories || Date.now() > deadline) return { roots: roots.sort(), truncated: true };
      const children = (await fs.readdir(dir, { withFileTypes: true }).catch(() => [] as Dirent[])).filter((e) => e.isDirectory());
      if (children.some((c) => isShardName(c.name)) && (await looksLikeCacheRoot(dir))) {
        roots.push(dir);
        continue; // never look for roots inside a root
      }
      for (const child of children) {
        const absolute = path.join(dir, child.name);
        if (!ALWAYS_SKIPPED.includes(child.name) && !options.skip?.(absolute, child.name)) next.push(absolute);
      }
    }
    queue = next;
  }
  return { roots: roots.sort(), truncated: queue.length > 0 };
}
