#!/usr/bin/env node
/**
 * A replayer for the demo's and the fixtures' projection types (batpak-cache replay / verify; protocol in docs/cli.md).
 * Plain Node, no dependencies: each projection is an `init` state and an `apply(state, event)`, as a batpak
 * projection folds one event into its state. Reads NDJSON requests on stdin, writes one NDJSON answer each.
 *
 * Each projection gives the type hash the fixtures' batpak c940fd5c build (and so the demo's cache) computed for it: a
 * replayer that shares the service's build computes it itself. That tells AuditTrail's entries (not replayed here)
 * from SeenMarker's, which have the same schema version and kinds. Entries of other builds (batpak 0.3.0's k1 keys)
 * need `--map TYPEHASH:SCHEMA=NAME`.
 *
 * Requests are read with JSON.parse: enough for these projections' small integers. A replayer whose states or payloads
 * hold integers beyond 2^53 (u64 ids, checksums) must parse and write them losslessly, as the Rust example does.
 *
 * AuditTrail is not here: its `checksum` is a u64 hash whose input the fixtures do not show, so no replayer written
 * from the fixture data can reproduce it (verify reports its entries as having no matching projection).
 */
import { createInterface } from 'node:readline';

const kinds = (...list) => list.map((kind) => `0x${kind.toString(16)}`);

const PROJECTIONS = {
  CounterState: {
    typeHash: '0x162e1d7de073120e',
    schemaVersion: 0,
    kinds: kinds(0x1001, 0x1002),
    init: () => ({ value: 0, increments: 0, decrements: 0, last_reason: '' }),
    apply(state, { kind, payload }) {
      const up = kind === '0x1001';
      return {
        value: state.value + (up ? payload.amount : -payload.amount),
        increments: state.increments + (up ? 1 : 0),
        decrements: state.decrements + (up ? 0 : 1),
        last_reason: payload.reason,
      };
    },
  },
  AccountBalance: {
    typeHash: '0x4977371ba184a5e8',
    schemaVersion: 2,
    kinds: kinds(0x2001, 0x2002, 0x2003),
    init: () => ({ owner: '', currency: '', balance_cents: 0, tx_count: 0, last_memo: null }),
    apply(state, { kind, payload }) {
      if (kind === '0x2001') return { ...state, owner: payload.owner, currency: payload.currency };
      const cents = kind === '0x2002' ? payload.cents : -payload.cents;
      return { ...state, balance_cents: state.balance_cents + cents, tx_count: state.tx_count + 1, last_memo: payload.memo };
    },
  },
  Lifecycle: {
    typeHash: '0x91571a53201cdf3b',
    schemaVersion: 1,
    kinds: kinds(0x3001, 0x3002, 0x3003),
    // The fixtures hold only Active and Closed states: Draft's shape is this replayer's guess.
    init: () => null,
    apply(state, { kind, payload, timestampUs }) {
      if (kind === '0x3001') return { Draft: { title: payload.title } };
      if (kind === '0x3002') return { Active: { since_us: timestampUs, by: payload.by } };
      return { Closed: { reason: payload.reason, reopened: state !== null && 'Closed' in state } };
    },
  },
  EventCount: {
    typeHash: '0x3b6c9eeb9869b6d6',
    schemaVersion: 7,
    kinds: [],
    init: () => 0,
    apply: (count) => count + 1,
  },
  SeenMarker: {
    typeHash: '0x0af02dd658466bd1',
    schemaVersion: 0,
    kinds: [],
    init: () => null,
    apply: () => null,
  },
};

function answer(request) {
  if (request.op === 'hello') {
    return { projections: Object.entries(PROJECTIONS).map(([name, p]) => ({ name, schemaVersion: p.schemaVersion, kinds: p.kinds, typeHash: p.typeHash })) };
  }
  const projection = PROJECTIONS[request.projection];
  if (!projection) return { error: `no projection named ${request.projection}` };
  if (request.op === 'init') return { state: projection.init() };
  const states = [];
  let state = request.state;
  for (const event of request.events) states.push((state = projection.apply(state, event)));
  if (request.op === 'apply') return { states };
  if (request.op === 'fold') return { state };
  return { error: `unknown op ${request.op}` };
}

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === '') continue;
  const request = JSON.parse(line);
  let reply;
  try {
    reply = answer(request);
  } catch (error) {
    reply = { error: String(error?.message ?? error) };
  }
  process.stdout.write(JSON.stringify({ id: request.id, ...reply }) + '\n');
}
