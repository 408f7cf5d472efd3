/**
 * Numbers, sizes and ages as the process locale writes them (LANG, LC_ALL): `1,234` in English, `1.234` in German.
 * The words stay English; without a locale (`und`) the numbers are English too.
 */
import { displayLocale, humanFormat } from '../core';

export const { formatCount, formatBytes, formatAge, formatDuration } = humanFormat(displayLocale(Intl.DateTimeFormat().resolvedOptions().locale));
