/**
 * The names the view and the editor give projection groups, so that the five entries of one entity tell which
 * projection each is. Names come from sources in order, the first that names a group wins: a configured replayer's
 * `hello` will go first once that feature exists (it knows the projections' real names), then `batpakCache.groupNames`.
 * A group no source names is shown by its short form, `1281de33:0`.
 */
import * as vscode from 'vscode';
import { GroupLike, GroupNameProblem, GroupNames, NamedGroup } from '../../core';
import { inputProblemText } from '../inputProblems';
import * as settings from '../settings';

/** `1281de33:0`: the type hash's first 8 hex digits and the schema version; undefined for a raw key. */
export function shortGroup(group: GroupLike): string | undefined {
  if (group.typeHash === undefined || group.typeHash === null || group.schemaVersion === undefined || group.schemaVersion === null) return undefined;
  return `${group.typeHash.toString(16).padStart(16, '0').slice(0, 8)}:${group.schemaVersion}`;
}

export class ProjectionNames implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when any source's names changed. */
  readonly onDidChange = this.changed.event;
  private fromSettings = GroupNames.NONE;
  private reported = '';
  private readonly listener: vscode.Disposable;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.readSettings();
    this.listener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('batpakCache.groupNames')) return;
      this.readSettings();
      this.changed.fire();
    });
  }

  /** The sources, first first: a replayer's names go before these when that feature comes. */
  private get sources(): GroupNames[] {
    return [this.fromSettings];
  }

  /** The group's name; undefined when no source names it (and for raw keys). */
  nameOf(group: GroupLike): string | undefined {
    for (const names of this.sources) {
      const name = names.nameOf(group);
      if (name !== undefined) return name;
    }
    return undefined;
  }

  /** What a row shows for the group: its name, else its short form; undefined for a raw key. */
  labelOf(group: GroupLike): string | undefined {
    return this.nameOf(group) ?? shortGroup(group);
  }

  /** Every source's names in one map, an earlier source's winning: for exports (`projection` of each line). */
  get merged(): GroupNames {
    return new GroupNames([...this.sources].reverse().flatMap((names) => names.entries));
  }

  /** The settings' names: the ones Name Projection Group… edits and carry-over offers to move. */
  get settingsNames(): GroupNames {
    return this.fromSettings;
  }

  /** The member of batpakCache.groupNames naming the group, if one does. */
  settingsEntryOf(group: GroupLike): NamedGroup | undefined {
    return this.fromSettings.entryOf(group);
  }

  private readSettings(): void {
    let read: { names: GroupNames; problems: GroupNameProblem[] };
    try {
      read = GroupNames.fromMap(settings.groupNamesSetting());
    } catch (error) {
      this.fromSettings = GroupNames.NONE;
      this.report([vscode.l10n.t('batpakCache.groupNames is not an object of "TYPEHASH:SCHEMA[:KINDS]": "Name" members: no group is named.')], String(error));
      return;
    }
    this.fromSettings = read.names;
    this.report(read.problems.map(describeProblem), JSON.stringify(read.problems));
  }

  /** Says once (per distinct set) which members of the setting name nothing; they are ignored. */
  private report(lines: string[], signature: string): void {
    if (signature === this.reported) return;
    this.reported = signature;
    if (lines.length === 0) return;
    for (const line of lines) this.log.warn(line);
    void vscode.window.showWarningMessage(lines.length === 1 ? lines[0] : vscode.l10n.t('{0} (and {1} more: see the Batpak Cache output)', lines[0], lines.length - 1));
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
  }
}

function describeProblem(problem: GroupNameProblem): string {
  return problem.problem === 'bad-key'
    ? vscode.l10n.t('batpakCache.groupNames: "{0}" is not a projection group ({1}); it is ignored.', problem.key, problem.detail ? inputProblemText(problem.detail) : '')
    : vscode.l10n.t('batpakCache.groupNames: the name of "{0}" is not a non-empty string; it is ignored.', problem.key);
}
