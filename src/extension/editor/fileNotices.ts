/** One sentence for each thing that is wrong or odd with a file, and what batpak itself would do about it. */
import { EntryRecord, FileRecord, ForeignReason, formatAge, shardOf } from '../../core';
import type { Notice } from './protocol';

const FOREIGN_REASONS: Record<ForeignReason, string> = {
  symlink: 'it is a symbolic link',
  'not-a-regular-file': 'it is not a regular file',
  'unrecognized-name': 'its name is not lowercase hex + `.bin`',
  'file-in-root': 'it lies directly in the cache root',
  'nested-directory': 'it is a directory',
  'not-a-shard-directory': 'its directory is not a shard (two lowercase hex characters)',
  'name-not-utf8': 'its name is not valid UTF-8 (shown with `\\x` escapes)',
};

export function fileNotices(record: FileRecord, tempGraceMs: number): Notice[] {
  switch (record.kind) {
    case 'foreign':
      return [{ tone: 'info', headline: `Not a batpak cache file: ${FOREIGN_REASONS[record.reason]}.`, detail: 'batpak ignores it: it never reads, writes or deletes it.' }];
    case 'temp':
      return [tempNotice(record.ageMs, tempGraceMs)];
    case 'entry':
      return [...problemNotices(record), ...warningNotices(record)];
  }
}

function tempNotice(ageMs: number, tempGraceMs: number): Notice {
  const young = ageMs < tempGraceMs;
  return {
    tone: 'warning',
    headline: 'Temp file: an orphaned write, or one still in progress. batpak never cleans temp files up.',
    detail: young
      ? `It was last written ${formatAge(ageMs)}: it may be a write in progress, and deleting it would make that write fail. Repair leaves temp files younger than \`batpakCache.tempGraceMs\` alone.`
      : `It was last written ${formatAge(ageMs)}, so its writer almost certainly crashed or was killed before renaming it over the entry. Repair deletes it.`,
  };
}

function problemNotices(record: EntryRecord): Notice[] {
  if (record.status === 'misplaced') {
    const home = shardOf(record.keyHex);
    return [
      {
        tone: 'error',
        headline: `Misplaced: this key belongs in shard \`${home}/\`, not \`${record.dir}/\`.`,
        detail: `batpak never reads it (it looks for the key in \`${home}/\` only), so it only takes space. Repair deletes it.`,
      },
    ];
  }
  if (record.problem === 'too-short') {
    return [
      {
        tone: 'error',
        headline: `Corrupt: ${record.size} bytes, shorter than the 16-byte trailer.`,
        detail: "batpak's get() deletes this file and replays the projection, as Repair does.",
      },
    ];
  }
  if (record.problem === 'unreadable') {
    return [{ tone: 'error', headline: 'Unreadable: the file could not be read.', detail: 'batpak cannot use it either.' }];
  }
  if (record.valueLength === 0 && record.key.layout !== 'raw') {
    return [
      {
        tone: 'warning',
        headline: 'Empty value: not valid JSON.',
        detail: 'Store::project cannot decode it, so batpak replays the projection and overwrites this entry.',
      },
    ];
  }
  return [];
}

function warningNotices(record: EntryRecord): Notice[] {
  const trailer = record.trailer?.format ?? 'v1';
  return record.warnings.map((warning): Notice => {
    switch (warning) {
      case 'cached-at-implausible':
        return {
          tone: 'warning',
          headline: 'Damaged trailer: cached_at is implausible (outside the years 2000 to 2200).',
          detail: 'There is no checksum, so damage decodes to nonsense numbers; batpak still reads this entry and trusts them.',
        };
      case 'boot-after-cached-at':
        return {
          tone: 'warning',
          headline: 'Damaged trailer: the writing process booted after cached_at.',
          detail: 'That cannot happen in a real write; batpak still reads this entry and trusts its trailer.',
        };
      case 'key-layout-mismatch':
        return {
          tone: 'warning',
          headline: `Key and trailer disagree: a ${record.key.layout} key with a ${trailer} trailer.`,
          detail: 'A v2 entry whose magic was damaged reads as v1 (batpak 0.6 reads it so); its other trailer fields may be wrong too.',
        };
      case 'magic-in-legacy-entry':
        return {
          tone: 'info',
          headline: 'The value ends in the v2 magic bytes, but this root was written by batpak 0.6.0 or older.',
          detail: 'Those versions write only v1 trailers, so batpak reads this file as v1, and so does this editor.',
        };
    }
  });
}
