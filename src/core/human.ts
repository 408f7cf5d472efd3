/** Human-readable sizes, counts and ages, shared by the CLI and the extension. */

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  // Compare what will be printed: 1023.7 MB would print as "1024 MB".
  while (Math.round(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** An age like "5 min ago", "3 h ago", "in 2 min" (clock skew), "just now". */
export function formatAge(ageMs: number): string {
  const future = ageMs < 0;
  const ms = Math.abs(ageMs);
  const steps: Array<[number, string]> = [
    [365 * 86_400_000, 'y'],
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  const step = steps.find(([size]) => ms >= size);
  if (!step) return 'just now';
  const text = `${Math.floor(ms / step[0])} ${step[1]}`;
  return future ? `in ${text}` : `${text} ago`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** An event kind as batpak writes it (`category << 12 | type_id`): `0x2003`. */
export function formatEventKind(kind: number): string {
  return `0x${kind.toString(16).padStart(4, '0')}`;
}

/** Event kinds: `0x1001, 0x2003`. */
export function formatEventKinds(kinds: readonly number[]): string {
  return kinds.map(formatEventKind).join(', ');
}

/** Microseconds since the epoch as ISO 8601 with all six digits, `2026-11-27T09:12:03.602622Z`; null beyond dates. */
export function formatMicrosIso(us: number): string | null {
  const ms = Math.floor(us / 1000);
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return null;
  return `${date.toISOString().slice(0, -1)}${String(us - ms * 1000).padStart(3, '0')}Z`;
}
