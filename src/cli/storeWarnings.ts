/** What reading the event store found (the core's StoreWarning facts), in English for stderr and `--json`. */
import { IndexRole, StoreWarning } from '../core';
import { counted } from './output';

export function storeWarningText(w: StoreWarning): string {
  switch (w.code) {
    case 'file-unreadable':
      return `${w.file} cannot be read (${w.reason}): skipped`;
    case 'segment-short':
      return `${w.segment} is shorter than its header: skipped`;
    case 'segment-magic':
      return `${w.segment} does not start with FBAT: skipped`;
    case 'segment-header':
      return `${w.segment} has a header that cannot be decoded: skipped`;
    case 'segment-version':
      return `${w.segment}: segment version ${w.version} is not supported yet: skipped`;
    case 'footer-unsupported':
      return `store footer ${w.magic} is not supported yet (${w.segment}): its events are read from the frames`;
    case 'footer-inconsistent':
      return `the ${w.magic} footer of ${w.segment} is inconsistent: its events are read from the frames`;
    case 'frames-undecodable':
      return `${w.segment}: ${counted(w.count, 'frame')} with a valid CRC cannot be decoded: skipped, as batpak does`;
    case 'frame-torn':
      return w.newest
        ? `${w.segment} ends in a half-written frame at offset ${w.offset} (the store is being written, or crashed): read up to the last complete frame`
        : `${w.segment} ends in a truncated frame at offset ${w.offset}: read up to the last complete frame`;
    case 'frame-crc':
      return `${w.segment}: the frame at offset ${w.offset} fails its CRC check: the rest of the segment is not read, as batpak does`;
    case 'frame-too-long':
      return `${w.segment}: the frame at offset ${w.offset} declares more than 256 MiB: the rest of the segment is not read, as batpak does`;
    case 'renumbered': {
      const one = w.segments.length === 1;
      return (
        `${w.segments.join(', ')} ${one ? 'has' : 'have'} no footer but ${one ? 'is' : 'are'} not the newest segment: ` +
        'batpak renumbered events when it reopened the store after a crash, and that numbering cannot be reconstructed exactly from the files'
      );
    }
    case 'batch-open':
      return `a batch of ${counted(w.events, 'event')} starting in ${w.segment} has no COMMIT yet (being written, or abandoned): not counted`;
    case 'index-magic':
      return `${w.file} does not start with ${w.magic}: ${ignored(w.role)}`;
    case 'index-version':
      return `${w.file} version ${w.version} is not supported yet: ${ignored(w.role)}`;
    case 'index-crc':
      return `${w.file} fails its CRC check (damaged or being replaced): ${ignored(w.role)}`;
    case 'index-undecodable':
      return `${w.file} passes its CRC check but cannot be decoded: ${ignored(w.role)}`;
    case 'index-segment-missing':
      return `${w.file} names segment ${w.segment}, which is not in the directory: ignored`;
    case 'sequences-rounded':
      return `some global sequences are above 2^53 (up to about ${w.max}): they are shown rounded`;
  }
}

const ignored = (role: IndexRole): string => (role === 'visibility' ? 'ignored; cancelled events may be counted' : 'ignored');
