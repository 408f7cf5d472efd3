/**
 * Counts the unit and CLI test cases that feed the core hostile trees or bad input, from `mocha --dry-run --reporter
 * json` (so cases generated in loops count once each, and nothing needs tagging). A case belongs to the first
 * section whose suite title it starts with (or whose rule it meets); pending cases are not counted.
 */
import * as path from 'node:path';

interface DryTest {
  fullTitle: string;
  file: string;
}

const SECTIONS: Array<{ label: string; file: string; match: (title: string) => boolean }> = [
  { label: 'CLI: bad usage (exit 2, nothing changed)', file: 'cli.test.js', match: (t) => t.startsWith('batpak-cache CLI bad usage') },
  { label: 'typed selectors and durations, accepted and refused', file: 'selector.test.js', match: () => true },
  { label: 'roots refused or resolved (missing, file, /, home, symlink, unreadable)', file: 'root.test.js', match: (t) => /^root: resolveRoot/.test(t) },
  { label: 'odd names (case, length, FIFOs, symlinks, non-shard dirs)', file: 'names.test.js', match: () => true },
  { label: 'scanner: hostile root, files changing mid-walk, damaged layout', file: 'scanner.test.js', match: (t) => /^scanner: (walk through a hostile root|walk while files change|the root's key layout)/.test(t) },
  { label: 'purge: never touched (temp, symlinks), interruptions, failures', file: 'purge.test.js', match: (t) => /^purge: (what is never touched|interruptions and failures)/.test(t) },
  { label: 'repair on a damaged root', file: 'repair.test.js', match: () => true },
  { label: "real batpak fixtures that are damaged or adversarial", file: 'manifest.test.js', match: (t) => /\/(adversarial|corrupt|orphan_tmp)\b/.test(t) },
  { label: 'core: selectors no parser produces, paths through symlinked shards', file: 'bad-input.test.js', match: () => true },
  { label: 'beside a live writer (short variant and check self-tests)', file: 'live-writer.test.js', match: () => true },
  { label: 'hostile sizes: a 1 GiB value, a shard of 100,000 files', file: 'hostile-sizes.test.js', match: () => true },
  { label: 'fuzz properties (cases: npm run fuzz)', file: 'fuzz.test.js', match: () => true },
];

export function tallyHostileCases(dryRunJson: string): string {
  let passes: DryTest[];
  try {
    passes = (JSON.parse(dryRunJson) as { passes: DryTest[] }).passes;
  } catch {
    return '  (mocha --dry-run gave no JSON: run `npx tsc -p .` first)';
  }
  const rows = SECTIONS.map((section) => ({
    label: section.label,
    count: passes.filter((t) => path.basename(t.file) === section.file && section.match(t.fullTitle)).length,
  }));
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  const width = Math.max(...rows.map((r) => r.label.length));
  return [
    ...rows.map((r) => `  ${r.label.padEnd(width)}  ${r.count}`),
    `  ${'total'.padEnd(width)}  ${total} of ${passes.length} unit and CLI cases`,
  ].join('\n');
}
