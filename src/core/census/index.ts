/** A root's census (statistics, charts, audit) scanned in worker threads, and the clean-up of audit classes. */
export * from './audit';
export * from './census';
export * from './censusJson';
export * from './cleanUp';
export * from './histogram';
export * from './part';
export * from './pool';
export * from './tally';
