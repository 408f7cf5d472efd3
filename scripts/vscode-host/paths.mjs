// Repository locations the harness scripts share.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const defaultSuite = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
// Template of the folder the suite opens; each run opens a fresh copy, which tests may write fixtures into.
export const fixtureWorkspace = path.join(repoRoot, 'test', 'fixtures', 'workspace');
