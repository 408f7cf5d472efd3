/**
 * Human-readable counts, sizes, ages and durations in a display language, through `Intl`. The surfaces choose the
 * language (the extension VS Code's, the CLI the process locale) and bind these once: `humanFormat(locale)`.
 */

/** A locale `Intl` supports, as close to `requested` as it has; English when there is none (`und`, `qps-ploc`…). */
export function displayLocale(requested: string | undefined): string {
  try {
    return Intl.NumberFormat.supportedLocalesOf(requested ? [requested] : [])[0] ?? 'en';
  } catch {
    return 'en'; // not a language tag at all
  }
}

export interface HumanFormat {
  /** `1,234` (en), `1.234` (de). */
  formatCount(count: number): string;
  /** `566 B`, `1.5 KB`, `16 MB` (powers of 1024). */
  formatBytes(bytes: number): string;
  /** `5 min. ago`, `in 2 min.` (clock skew), `now`. */
  formatAge(ageMs: number): string;
  /** `15 ms`, `1.25 s`. */
  formatDuration(ms: number): string;
}

const BYTE_UNITS = ['KB', 'MB', 'GB', 'TB'];
const AGE_STEPS: Array<[number, Intl.RelativeTimeFormatUnit]> = [
  [365 * 86_400_000, 'year'],
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
];

export function humanFormat(locale: string): HumanFormat {
  const count = new Intl.NumberFormat(locale);
  const oneDecimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const twoDecimals = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const ago = new Intl.RelativeTimeFormat(locale, { style: 'short', numeric: 'always' });
  const now = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(0, 'second');
  return {
    formatCount: (n) => count.format(n),
    formatBytes(bytes) {
      if (bytes < 1024) return `${count.format(bytes)} B`;
      let value = bytes / 1024;
      let unit = 0;
      // Compare what will be printed: 1023.7 MB would print as "1024 MB".
      while (Math.round(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
        value /= 1024;
        unit++;
      }
      return `${value < 10 ? oneDecimal.format(value) : whole.format(value)} ${BYTE_UNITS[unit]}`;
    },
    formatAge(ageMs) {
      const ms = Math.abs(ageMs);
      const step = AGE_STEPS.find(([size]) => ms >= size);
      if (!step) return now;
      const amount = Math.floor(ms / step[0]);
      return ago.format(ageMs < 0 ? amount : -amount, step[1]);
    },
    formatDuration: (ms) => (ms < 1000 ? `${whole.format(ms)} ms` : `${(ms < 10_000 ? twoDecimals : oneDecimal).format(ms / 1000)} s`),
  };
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
