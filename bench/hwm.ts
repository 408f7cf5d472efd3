/**
 * Preloaded (`node --require out/bench/hwm.js …`) only where /usr/bin/time is missing: writes the process's peak RSS
 * (VmHWM, in kB) to $BENCH_HWM_FILE when it exits.
 */
import * as fs from 'node:fs';

const target = process.env.BENCH_HWM_FILE;
if (target) {
  process.on('exit', () => {
    let kb = process.resourceUsage().maxRSS;
    try {
      const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
      if (match) kb = Number(match[1]);
    } catch {
      // Not Linux: maxRSS above.
    }
    fs.writeFileSync(target, `${kb}\n`);
  });
}
