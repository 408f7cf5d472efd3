// The replayer of the replay bench (bench/replay.ts): projections Count0…CountN-1 over every kind, each an event
// count, so it does next to nothing per request. On stdin's end it reports the time it spent answering.
import { createInterface } from 'node:readline';

const GROUPS = Number(process.argv[2]);
const TYPE_HASH = process.argv[3];
const answer = (request) => {
  if (request.op === 'hello') return { projections: Array.from({ length: GROUPS }, (_, schema) => ({ name: `Count${schema}`, schemaVersion: schema, kinds: [], typeHash: TYPE_HASH })) };
  if (request.op === 'init') return { state: 0 };
  if (request.op === 'fold') return { state: request.state + request.events.length };
  return { states: request.events.map((_, i) => request.state + i + 1) };
};
for await (const line of createInterface({ input: process.stdin })) {
  process.stdout.write(JSON.stringify(answer(JSON.parse(line))) + '\n');
}
const { user, system } = process.cpuUsage();
process.stderr.write(`${JSON.stringify({ replayerBusyMs: (user + system) / 1000 })}\n`);
