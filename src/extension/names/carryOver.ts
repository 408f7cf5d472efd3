/**
 * Type hashes change when the compiler does: after a rebuild a named projection group disappears and an unnamed one
 * appears with the same schema version and kinds hash. The core finds such successors (only unambiguous ones); this
 * offers each once per session in a notification, and moves the name only when the user says so.
 */
import * as vscode from 'vscode';
import { CarryOver, GroupLike, suggestCarryOver } from '../../core';
import * as settings from '../settings';
import { ProjectionNames } from './projectionNames';

export class CarryOverOffers {
  /** `from>to` of every suggestion offered: a dismissed one is not asked again. */
  private readonly offered = new Set<string>();

  constructor(private readonly names: ProjectionNames) {}

  /** `groups`: every group the shown roots hold now (a name no root's group has is gone from all of them). */
  check(groups: readonly GroupLike[]): void {
    for (const suggestion of suggestCarryOver(this.names.settingsNames, groups)) {
      const id = `${suggestion.from}>${suggestion.to}`;
      if (this.offered.has(id)) continue;
      this.offered.add(id);
      void this.offer(suggestion);
    }
  }

  private async offer(suggestion: CarryOver): Promise<void> {
    const carry = vscode.l10n.t('Carry Over');
    const answer = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'No cache root holds the projection group named "{0}" ({1}) any more, and {2} appeared with the same schema version and kinds hash (a new build changes type hashes). Carry the name over?',
        suggestion.name,
        suggestion.from,
        suggestion.to,
      ),
      carry,
    );
    if (answer === carry) await settings.updateGroupNames({ [suggestion.from]: undefined, [suggestion.to]: suggestion.name });
  }
}
