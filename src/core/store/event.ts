/** Batch markers: system frames that are never indexed and take no sequence. */
export const BATCH_BEGIN = 0x0006;
export const BATCH_COMMIT = 0x0007;
/** What tombstone compaction rewrites a dropped event as: batpak indexes it, so it keeps its entity and sequence. */
export const TOMBSTONE = 0x0ffe;

export function isMarker(kind: number): boolean {
  return kind === BATCH_BEGIN || kind === BATCH_COMMIT;
}
