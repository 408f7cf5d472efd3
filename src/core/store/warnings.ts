/**
 * What reading a store found damaged, odd or not supported yet, as facts: each surface words them (the CLI in
 * English on stderr, the extension in the display language). `segment` and `file` are names inside the store.
 */
export type StoreWarning =
  /** A file could not be read (`reason`: the system's error code): skipped. */
  | { code: 'file-unreadable'; file: string; reason: string }
  /** A segment that is not the newest is shorter than its header: skipped. */
  | { code: 'segment-short'; segment: string }
  | { code: 'segment-magic'; segment: string }
  | { code: 'segment-header'; segment: string }
  | { code: 'segment-version'; segment: string; version: string }
  /** A later batpak's footer (SDX3…): the segment's events are read from its frames. */
  | { code: 'footer-unsupported'; segment: string; magic: string }
  | { code: 'footer-inconsistent'; segment: string; magic: string }
  /** Frames with a valid CRC that do not decode: skipped, as batpak does. */
  | { code: 'frames-undecodable'; segment: string; count: number }
  /** The segment ends in a partial frame: being written (or crashed) when `newest`, truncated otherwise. */
  | { code: 'frame-torn'; segment: string; offset: number; newest: boolean }
  /** A frame fails its CRC check, or declares more than 256 MiB: the rest of the segment is not read, as batpak does. */
  | { code: 'frame-crc'; segment: string; offset: number }
  | { code: 'frame-too-long'; segment: string; offset: number }
  /** Footerless segments that are not the newest: batpak renumbered their events on reopening, which the files cannot tell. */
  | { code: 'renumbered'; segments: string[] }
  /** A batch whose COMMIT is not written yet (being written, or abandoned): not counted. */
  | { code: 'batch-open'; segment: string; events: number }
  /**
   * An index file that is unusable, and so ignored: `index.ckpt` or `index.fbati` (`role: 'sequences'`: the segments'
   * numbering is used instead) or `visibility_ranges.fbv` (`role: 'visibility'`: cancelled events may be counted).
   */
  | { code: 'index-magic'; file: string; magic: string; role: IndexRole }
  | { code: 'index-version'; file: string; version: number; role: IndexRole }
  | { code: 'index-crc'; file: string; role: IndexRole }
  | { code: 'index-undecodable'; file: string; role: IndexRole }
  /** The index's watermark names a segment that is gone (batpak then ignores the index too). */
  | { code: 'index-segment-missing'; file: string; segment: string }
  /** Global sequences above 2^53 are shown rounded; `max`, the highest, is rounded too (sequences are read as numbers). */
  | { code: 'sequences-rounded'; max: string };

export type IndexRole = 'sequences' | 'visibility';
