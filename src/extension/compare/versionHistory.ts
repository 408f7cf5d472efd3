/**
 * The values the extension saw an entry hold before the service rewrote it, kept in memory for *Compare with Previous
 * Version*: every value an entry editor read is observed here, and one that differs from the last seen becomes a new
 * version. Bounded: so many versions per entry and so many bytes in all, the oldest going first. Plain data: no
 * `vscode`, so that the bounds are unit-tested.
 */

export interface SeenVersion {
  /** A copy of the value's bytes. */
  bytes: Buffer;
  watermark: bigint | null;
  /** When this value was first seen, and when a different one was seen in its place (ms since 1970). */
  seenAt: number;
  replacedAt: number | undefined;
  /** Order of arrival across all entries: the smallest is evicted first. */
  sequence: number;
}

export const VERSIONS_PER_ENTRY = 20;
export const HISTORY_BYTES = 50 * 1024 * 1024;

export class VersionHistory {
  /** Each entry's versions, oldest first; the last is the value seen most recently. */
  private readonly entries = new Map<string, SeenVersion[]>();
  private bytes = 0;
  private sequence = 0;

  constructor(
    readonly perEntry = VERSIONS_PER_ENTRY,
    readonly maxBytes = HISTORY_BYTES,
  ) {}

  /** Bytes held in all. */
  get totalBytes(): number {
    return this.bytes;
  }

  /** Records what `file` holds now. A value larger than the whole budget is not kept (nor anything before it). */
  observe(file: string, value: Uint8Array, watermark: bigint | null, now = Date.now()): void {
    const versions = this.entries.get(file) ?? [];
    const last = versions[versions.length - 1];
    if (last && last.bytes.equals(value)) return;
    if (value.length > this.maxBytes) {
      this.forget(file);
      return;
    }
    if (last) last.replacedAt = now;
    versions.push({ bytes: Buffer.from(value), watermark, seenAt: now, replacedAt: undefined, sequence: this.sequence++ });
    this.entries.set(file, versions);
    this.bytes += value.length;
    if (versions.length > this.perEntry) this.drop(file, versions.length - this.perEntry);
    while (this.bytes > this.maxBytes) this.evictOldest();
  }

  /** The versions seen of `file` that differ from `current` (what it holds now), newest first. */
  previous(file: string, current: Uint8Array): SeenVersion[] {
    return (this.entries.get(file) ?? []).filter((version) => !version.bytes.equals(current)).reverse();
  }

  private forget(file: string): void {
    this.drop(file, this.entries.get(file)?.length ?? 0);
  }

  /** Drops the `count` oldest versions of one entry. */
  private drop(file: string, count: number): void {
    const versions = this.entries.get(file) ?? [];
    for (const version of versions.splice(0, count)) this.bytes -= version.bytes.length;
    if (versions.length === 0) this.entries.delete(file);
  }

  private evictOldest(): void {
    let oldest: [string, number] | undefined;
    for (const [file, versions] of this.entries) if (!oldest || versions[0].sequence < oldest[1]) oldest = [file, versions[0].sequence];
    if (oldest) this.drop(oldest[0], 1);
  }
}
