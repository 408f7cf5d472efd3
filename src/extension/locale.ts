/**
 * Numbers, sizes, ages, dates and plural forms in VS Code's display language (`vscode.env.language`), which may not
 * be the operating system's: an English VS Code writes `1,234` on a German system, a German one `1.234`.
 */
import * as vscode from 'vscode';
import { displayLocale, humanFormat } from '../core';

export const locale = displayLocale(vscode.env.language);

export const { formatCount, formatBytes, formatAge, formatDuration } = humanFormat(locale);

const plurals = new Intl.PluralRules(locale);

/**
 * Whether `count` takes a message's singular form in the display language (1 in English; 0 and 1 in French). The
 * singular message holds the number too (`{0} entry`), as some languages use it for more than 1.
 */
export function isSingular(count: number): boolean {
  return plurals.select(count) === 'one';
}

/** A date and time as the display language writes them. */
export function formatDate(date: Date): string {
  return date.toLocaleString(locale);
}
