/**
 * One segment file, opened, read and closed at once. A sealed segment is read footer first: its header and footer
 * (the footer lists every event with its sequence), so its frames (most of its bytes) are read only when needed.
 */
import { readAtSync as readAt, withRegularFileSync } from '../fileio';
import { Footer, footerStart, readFooter } from './footer';
import { readSegmentHeader, SegmentHeader } from './segment';
import { StoreWarning } from './warnings';

/** Enough for a segment header (49 bytes in practice); a longer one makes the whole file be read. */
const HEAD_BYTES = 4096;

export interface SegmentFile {
  header: SegmentHeader;
  footer: Footer | null;
  footerWarning?: StoreWarning;
  /** The whole file, when it was read whole: always when it has no usable footer. */
  bytes?: Buffer;
}

/** Reads the segment; `whole` reads every byte even when it has a footer. Throws like open (ENOENT when it vanished). */
export function readSegmentFile(file: string, name: string, whole: boolean): SegmentFile {
  return withRegularFileSync(file, (fd, stat) => {
    // The size may grow while we read (an open store): what was there at fstat is a consistent prefix.
    const size = stat.size;
    if (!whole) {
      const header = readSegmentHeader(readAt(fd, 0, Math.min(size, HEAD_BYTES)));
      const start = header.frameStart !== undefined && size >= header.frameStart + 16 ? footerStart(readAt(fd, size - 16, 16)) : undefined;
      if (header.frameStart !== undefined && start !== undefined && start >= header.frameStart && start < size) {
        const { footer } = readFooter(readAt(fd, start, size - start), header.frameStart, name, start);
        if (footer) return { header, footer };
      }
    }
    const bytes = readAt(fd, 0, size);
    const header = readSegmentHeader(bytes);
    if (header.frameStart === undefined) return { header, footer: null, bytes };
    const { footer, warning } = readFooter(bytes, header.frameStart, name);
    return { header, footer, footerWarning: warning, bytes };
  });
}
