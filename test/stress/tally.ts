/**
 * Counts the unit and CLI test cases that feed the core hostile trees or bad input, from `mocha --dry-run --reporter
 * json` (so cases generated in loops count once each, and nothing needs tagging). A case belongs to the first
 * section whose suite title it starts with (or whose rule it meets); pending cases are not counted. Sections are bad
 * input (what a user or a script types) or hostile trees (what is on disk), subtotalled apart.
 */
import * as path from 'node:path';

interface DryTest {
  fullTitle: string;
  file: string;
}

type Kind = 'bad input' | 'hostile tree';

const SECTIONS: Array<{ kind: Kind; label: string; file: string; match: (title: string) => boolean }> = [
  { kind: 'bad input', label: 'CLI: bad usage (exit 2, nothing changed)', file: 'cli.test.js', match: (t) => t.startsWith('batpak-cache CLI bad usage') },
  { kind: 'bad input', label: 'typed selectors and durations, accepted and refused', file: 'selector.test.js', match: () => true },
  { kind: 'bad input', label: 'roots refused or resolved (missing, file, /, home, symlink, unreadable)', file: 'root.test.js', match: (t) => /^root: resolveRoot/.test(t) },
  { kind: 'bad input', label: 'core: selectors no parser produces, paths through symlinked shards', file: 'bad-input.test.js', match: () => true },
  { kind: 'hostile tree', label: 'odd names (case, length, FIFOs, symlinks, non-shard dirs)', file: 'names.test.js', match: () => true },
  { kind: 'hostile tree', label: 'scanner: hostile root, files changing mid-walk, damaged layout', file: 'scanner.test.js', match: (t) => /^scanner: (walk through a hostile root|walk while files change|the root's key layout)/.test(t) },
  { kind: 'hostile tree', label: 'purge: never touched (temp, symlinks), interruptions, failures', file: 'purge.test.js', match: (t) => /^purge: (what is never touched|interruptions and failures)/.test(t) },
  { kind: 'hostile tree', label: 'repair on a damaged root', file: 'repair.test.js', match: () => true },
  { kind: 'hostile tree', label: "real batpak fixtures that are damaged or adversarial", file: 'manifest.test.js', match: (t) => /\/(adversarial|corrupt|orphan_tmp)\b/.test(t) },
  { kind: 'hostile tree', label: 'beside a live writer (short variant and check self-tests)', file: 'live-writer.test.js', match: () => true },
  { kind: 'hostile tree', label: 'hostile sizes: a 1 GiB value, a shard of 100,000 files', file: 'hostile-sizes.test.js', match: () => true },
  { kind: 'hostile tree', label: 'fuzz properties (cases: npm run fuzz)', file: 'fuzz.test.js', match: () => true },
];

export function tallyHostileCases(dryRunJson: string): string {
  let passes: DryTest[];
  try {
    passes = (JSON.parse(dryRunJson) as { passes: DryTest[] }).passes;
  } catch {
    return '  (mocha --dry-run gave no JSON: run `npx tsc -p .` first)';
  }
  const rows = SECTIONS.map((section) => ({
    kind: section.kind,
    label: section.label,
    count: passes.filter((t) => path.basename(t.file) === section.file && section.match(t.fullTitle)).length,
  }));
  const sum = (kind?: Kind): number => rows.filter((r) => !kind || r.kind === kind).reduce((total, r) => total + r.count, 0);
  const width = Math.max(...rows.map((r) => r.label.length));
  return [
    ...rows.map((r) => `  ${r.label.padEnd(width)}  ${r.count}`),
    `  ${'bad inputs'.padEnd(width)}  ${sum('bad input')}`,
    `  ${'hostile trees'.padEnd(width)}  ${sum('hostile tree')}`,
    `  ${'total'.padEnd(width)}  ${sum()} of ${passes.length} unit and CLI cases`,
  ].join('\n');
}
