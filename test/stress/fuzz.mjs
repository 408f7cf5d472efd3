/**
 * `npm run fuzz`: the property tests of test/unit/fuzz.test.ts with FUZZ_RUNS=20000 runs per property (or the
 * FUZZ_RUNS already set), on any platform. Extra arguments go to mocha. The test prints how many cases it tried.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const mocha = fileURLToPath(new URL('../../node_modules/mocha/bin/mocha.js', import.meta.url));
const env = { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS || '20000' };
const started = Date.now();
const result = spawnSync(process.execPath, [mocha, 'out/test/unit/fuzz.test.js', ...process.argv.slice(2)], { stdio: 'inherit', env });
console.log(`fuzz: FUZZ_RUNS=${env.FUZZ_RUNS}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(result.status ?? 1);
