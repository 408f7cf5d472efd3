// Suite entry of the extension-at-scale benchmark (`npm run bench:extension`), loaded by the extension host like
// ../index.ts. A suite of its own so the ordinary integration run never loads it: it needs a generated
// 100,000-entry workspace and takes minutes.
import * as path from 'node:path';

export async function run(): Promise<void> {
  const { default: Mocha } = await import('mocha');
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 600_000 });
  mocha.addFile(path.join(__dirname, 'scale.test.js'));
  await mocha.loadFilesAsync();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} scale benchmark step(s) failed`);
}
