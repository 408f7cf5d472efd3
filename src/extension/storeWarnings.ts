/** What reading an event store found (the core's StoreWarning facts), in the display language, for tooltips. */
import * as vscode from 'vscode';
import { IndexRole, StoreWarning } from '../core';
import { formatCount, isSingular } from './locale';

export function storeWarningText(w: StoreWarning): string {
  switch (w.code) {
    case 'file-unreadable':
      return vscode.l10n.t('{0} cannot be read ({1}): skipped', w.file, w.reason);
    case 'segment-short':
      return vscode.l10n.t('{0} is shorter than its header: skipped', w.segment);
    case 'segment-magic':
      return vscode.l10n.t('{0} does not start with FBAT: skipped', w.segment);
    case 'segment-header':
      return vscode.l10n.t('{0} has a header that cannot be decoded: skipped', w.segment);
    case 'segment-version':
      return vscode.l10n.t('{0}: segment version {1} is not supported yet: skipped', w.segment, w.version);
    case 'footer-unsupported':
      return vscode.l10n.t('{0}: footer {1} is not supported yet: its events are read from the frames', w.segment, w.magic);
    case 'footer-inconsistent':
      return vscode.l10n.t('{0}: the {1} footer is inconsistent: its events are read from the frames', w.segment, w.magic);
    case 'frames-undecodable':
      return isSingular(w.count)
        ? vscode.l10n.t('{0}: {1} frame with a valid CRC cannot be decoded: skipped, as batpak does', w.segment, formatCount(w.count))
        : vscode.l10n.t('{0}: {1} frames with a valid CRC cannot be decoded: skipped, as batpak does', w.segment, formatCount(w.count));
    case 'frame-torn':
      return w.newest
        ? vscode.l10n.t('{0} ends in a half-written frame at offset {1} (the store is being written, or crashed): read up to the last complete frame', w.segment, w.offset)
        : vscode.l10n.t('{0} ends in a truncated frame at offset {1}: read up to the last complete frame', w.segment, w.offset);
    case 'frame-crc':
      return vscode.l10n.t('{0}: the frame at offset {1} fails its CRC check: the rest of the segment is not read, as batpak does', w.segment, w.offset);
    case 'frame-too-long':
      return vscode.l10n.t('{0}: the frame at offset {1} declares more than 256 MiB: the rest of the segment is not read, as batpak does', w.segment, w.offset);
    case 'renumbered':
      return vscode.l10n.t(
        'Segments without a footer that are not the newest ({0}): batpak renumbered events when it reopened the store after a crash, and that numbering cannot be reconstructed exactly from the files',
        w.segments.join(', '),
      );
    case 'batch-open':
      return isSingular(w.events)
        ? vscode.l10n.t('A batch of {0} event starting in {1} has no COMMIT yet (being written, or abandoned): not counted', formatCount(w.events), w.segment)
        : vscode.l10n.t('A batch of {0} events starting in {1} has no COMMIT yet (being written, or abandoned): not counted', formatCount(w.events), w.segment);
    case 'index-magic':
      return ignored(w.role, vscode.l10n.t('{0} does not start with {1}', w.file, w.magic));
    case 'index-version':
      return ignored(w.role, vscode.l10n.t('{0} version {1} is not supported yet', w.file, w.version));
    case 'index-crc':
      return ignored(w.role, vscode.l10n.t('{0} fails its CRC check (damaged or being replaced)', w.file));
    case 'index-undecodable':
      return ignored(w.role, vscode.l10n.t('{0} passes its CRC check but cannot be decoded', w.file));
    case 'index-segment-missing':
      return vscode.l10n.t('{0} names segment {1}, which is not in the directory: ignored', w.file, w.segment);
    case 'sequences-rounded':
      return vscode.l10n.t('Some global sequences are above 2^53 (up to about {0}): they are shown rounded', w.max);
  }
}

function ignored(role: IndexRole, what: string): string {
  return role === 'visibility' ? vscode.l10n.t('{0}: ignored, so cancelled events may be counted', what) : vscode.l10n.t('{0}: ignored', what);
}
