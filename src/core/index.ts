/** The shared cache core: plain Node, no `vscode`. The CLI and the extension use it through this module. */
export * from './bytes';
export * from './errors';
export * from './human';
export * from './key';
export * from './names';
export * from './purge';
export * from './record';
export * from './remover';
export * from './repair';
export * from './root';
export * from './scanner';
export * from './selector';
export * from './stats';
export * from './trailer';
export * from './value';
export { readFileTail, isVanished, errorCode } from './fileio';
export * from './inspect';
