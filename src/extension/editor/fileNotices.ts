/** One sentence for each thing that is wrong or odd with a file, and what batpak itself would do about it. */
import * as vscode from 'vscode';
import { EntryRecord, FileRecord, ForeignReason, JsonDamage, shardOf } from '../../core';
import type { Notice } from '../../shared/protocol';
import { formatAge, formatCount } from '../locale';

const foreignReasons = (): Record<ForeignReason, string> => ({
  symlink: vscode.l10n.t('it is a symbolic link'),
  'not-a-regular-file': vscode.l10n.t('it is not a regular file'),
  'unrecognized-name': vscode.l10n.t('its name is not lowercase hex + `.bin`'),
  'file-in-root': vscode.l10n.t('it lies directly in the cache root'),
  'nested-directory': vscode.l10n.t('it is a directory'),
  'not-a-shard-directory': vscode.l10n.t('its directory is not a shard (two lowercase hex characters)'),
  'name-not-utf8': vscode.l10n.t('its name is not valid UTF-8 (shown with `\\x` escapes)'),
});

/** `damage`: where the entry's value, which should be JSON, fails to parse. */
export function fileNotices(record: FileRecord, tempGraceMs: number, damage: JsonDamage | undefined): Notice[] {
  switch (record.kind) {
    case 'foreign':
      return [
        {
          tone: 'info',
          headline: vscode.l10n.t('Not a batpak cache file: {0}.', foreignReasons()[record.reason]),
          detail: vscode.l10n.t('batpak ignores it: it never reads, writes or deletes it.'),
        },
      ];
    case 'temp':
      return [tempNotice(record.ageMs, tempGraceMs)];
    case 'claim':
      return [
        {
          tone: 'warning',
          headline: vscode.l10n.t('Claimed by a removal that was interrupted: batpak cannot see this entry under this name.'),
          detail:
            record.entryPath === null
              ? vscode.l10n.t('Its name does not say which entry it was: Repair deletes it.')
              : vscode.l10n.t('Repair puts it back as `{0}` when that name is free and it is a valid entry; otherwise it deletes it.', record.entryPath),
        },
      ];
    case 'entry':
      return [...problemNotices(record), ...(damage ? [damageNotice(record, damage)] : []), ...warningNotices(record)];
  }
}

function tempNotice(ageMs: number, tempGraceMs: number): Notice {
  const young = ageMs < tempGraceMs;
  return {
    tone: 'warning',
    headline: vscode.l10n.t('Temp file: an orphaned write, or one still in progress. batpak never cleans temp files up.'),
    detail: young
      ? vscode.l10n.t(
          'It was last written {0}: it may be a write in progress, and deleting it would make that write fail. Repair leaves temp files younger than `batpakCache.tempGraceMs` alone.',
          formatAge(ageMs),
        )
      : vscode.l10n.t('It was last written {0}, so its writer almost certainly crashed or was killed before renaming it over the entry. Repair deletes it.', formatAge(ageMs)),
  };
}

function problemNotices(record: EntryRecord): Notice[] {
  if (record.status === 'misplaced') {
    const home = shardOf(record.keyHex);
    return [
      {
        tone: 'error',
        headline: vscode.l10n.t('Misplaced: this key belongs in shard `{0}/`, not `{1}/`.', home, record.dir),
        detail: vscode.l10n.t('batpak never reads it (it looks for the key in `{0}/` only), so it only takes space. Repair deletes it.', home),
      },
    ];
  }
  if (record.problem === 'too-short') {
    return [
      {
        tone: 'error',
        headline: vscode.l10n.t('Corrupt: {0} bytes, shorter than the 16-byte trailer.', record.size),
        detail: vscode.l10n.t("batpak's get() deletes this file and replays the projection, as Repair does."),
      },
    ];
  }
  if (record.problem === 'unreadable') {
    return [{ tone: 'error', headline: vscode.l10n.t('Unreadable: the file could not be read.'), detail: vscode.l10n.t('batpak cannot use it either.') }];
  }
  return [];
}

/** A value that should be JSON and is not: damaged, overwritten, or empty. */
function damageNotice(record: EntryRecord, damage: JsonDamage): Notice {
  const where =
    record.valueLength === 0
      ? vscode.l10n.t('The value is empty.')
      : damage.offset === null
        ? vscode.l10n.t('The value is not UTF-8 text.')
        : vscode.l10n.t('Parsing fails at byte {0} of the value (the hex view shows it).', formatCount(damage.offset));
  if (record.key.layout === 'raw') {
    return {
      tone: 'warning',
      headline: vscode.l10n.t('Not valid JSON, though it starts like JSON.'),
      detail: `${where} ${vscode.l10n.t('This raw key is read through NativeCache::get: code that decodes its value as JSON would fail.')}`,
    };
  }
  return {
    tone: 'warning',
    headline: vscode.l10n.t("Not valid JSON: batpak's get would fail to decode it and replay the projection."),
    detail: `${where} ${vscode.l10n.t('Store::project writes JSON, so this value was damaged or overwritten; the replay overwrites this entry.')}`,
  };
}

function warningNotices(record: EntryRecord): Notice[] {
  const trailer = record.trailer?.format ?? 'v1';
  return record.warnings.map((warning): Notice => {
    switch (warning) {
      case 'cached-at-implausible':
        return {
          tone: 'warning',
          headline: vscode.l10n.t('Damaged trailer: cached_at is implausible (outside the years 2000 to 2200).'),
          detail: vscode.l10n.t('There is no checksum, so damage decodes to nonsense numbers; batpak still reads this entry and trusts them.'),
        };
      case 'boot-after-cached-at':
        return {
          tone: 'warning',
          headline: vscode.l10n.t('Damaged trailer: the writing process booted after cached_at.'),
          detail: vscode.l10n.t('That cannot happen in a real write; batpak still reads this entry and trusts its trailer.'),
        };
      case 'key-layout-mismatch':
        return {
          tone: 'warning',
          headline: vscode.l10n.t('Key and trailer disagree: a {0} key with a {1} trailer.', record.key.layout, trailer),
          detail: vscode.l10n.t('A v2 entry whose magic was damaged reads as v1 (batpak 0.6 reads it so); its other trailer fields may be wrong too.'),
        };
      case 'magic-in-legacy-entry':
        return {
          tone: 'info',
          headline: vscode.l10n.t('The value ends in the v2 magic bytes, but this root was written by batpak 0.6.0 or older.'),
          detail: vscode.l10n.t('Those versions write only v1 trailers, so batpak reads this file as v1, and so does this editor.'),
        };
    }
  });
}
