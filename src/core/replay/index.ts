export * from './replayer';
export * from './match';
export * from './verify';
