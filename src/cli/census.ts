/** How `stats` and `audit` read a root: the core's census on every CPU, with a progress bar on a terminal. */
import { CensusOptions, RootCensus, scanCensus } from '../core';
import { formatCount } from './locale';
import { Progress } from './progress';

export async function scanWithProgress(root: string, options: CensusOptions = {}): Promise<RootCensus> {
  const progress = new Progress('Scanning');
  try {
    return await scanCensus(root, { ...options, onProgress: (p) => progress.update(p.dirsDone, p.dirsTotal, `${formatCount(p.files)} files`) });
  } finally {
    progress.stop();
  }
}
