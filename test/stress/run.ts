/**
 * `npm run stress`: the long live-writer run (default 1,500 operations), then the hostile-input tally of the unit
 * tests. Prints the figures; exits 1 when any check failed (the work directory is then kept for a look).
 *
 *   node out/test/stress/run.js [--ops N] [--seed N] [--grace MS] [--keep] [--no-tally]
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { formatReport, runStress } from './harness';
import { tallyHostileCases } from './tally';

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const ops = Number(arg('ops') ?? 1500);
  const seed = arg('seed') === undefined ? undefined : Number(arg('seed'));
  const graceMs = Number(arg('grace') ?? 400);
  console.log(`Live-writer stress: ${ops} operations over one root while a writer process rewrites it at full speed`);
  let last = 0;
  const report = await runStress({
    ops,
    seed,
    graceMs,
    keep: process.argv.includes('--keep'),
    onProgress: (done, total) => {
      if (done - last >= total / 10 || done === total) {
        last = done;
        process.stdout.write(`  ${done}/${total}\n`);
      }
    },
  });
  console.log(formatReport(report));
  for (const v of report.violations.slice(0, 30)) console.log(`  ! ${v.kind} ${v.op}: ${v.detail}`);
  if (report.violations.length > 0) console.log(`  work directory kept: ${report.workDir}`);

  if (!process.argv.includes('--no-tally')) {
    const mocha = path.join(__dirname, '..', '..', '..', 'node_modules', 'mocha', 'bin', 'mocha.js');
    const dry = spawnSync(process.execPath, [mocha, '--dry-run', '--reporter', 'json', 'out/test/unit/**/*.test.js'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    console.log('\nHostile cases and bad inputs tried by the unit and CLI tests (mocha --dry-run):');
    console.log(tallyHostileCases(dry.stdout));
  }
  process.exitCode = report.violations.length === 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
