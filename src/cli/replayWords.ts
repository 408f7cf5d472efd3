/** The replayer's problems and the verdicts' reasons (facts from src/core/replay) in the CLI's words. */
import { ReplayerProblem, UnverifiableReason, Verdict } from '../core';
import { safe } from './output';

export function replayerProblemText(problem: ReplayerProblem): string {
  switch (problem.code) {
    case 'spawn-failed':
      return `the replayer ${safe(problem.command)} cannot be started (${problem.reason}): check --replayer`;
    case 'exited':
      return `the replayer exited (${problem.signal ? `signal ${problem.signal}` : `code ${problem.exitCode}`}) before answering every request: its stderr above says why`;
    case 'timeout':
      return `the replayer did not answer "${problem.op}" within ${problem.ms / 1000} s: stopped`;
    case 'not-json':
      return `the replayer answered "${problem.op}" with a line that is not a JSON object: ${safe(problem.line)}`;
    case 'bad-answer':
      return `the replayer's answer to "${problem.op}" lacks or miscounts ${safe(problem.detail)}: ${safe(problem.line)}`;
    case 'out-of-order':
      return `the replayer answered out of order: request ${problem.expected} was next, the answer is for ${safe(problem.got)}`;
    case 'unasked':
      return `the replayer wrote a line nothing asked for (one answer per request): ${safe(problem.line)}`;
  }
}

const REASONS: Record<UnverifiableReason, string> = {
  damaged: 'the entry is damaged (no trailer or too short)',
  'value-not-json': 'the cached value is not JSON',
  'value-too-large': 'the cached value is too large to read whole',
  'raw-key': 'a raw key: no entity or projection to replay',
  'no-projection': 'no projection of the replayer fits this key (type hash, schema version, kinds)',
  ambiguous: 'several projections of the replayer fit the key: choose one with --map TYPEHASH:SCHEMA=NAME',
  'unknown-choice': '--map names a projection the replayer does not list',
  'unknown-entity': 'the store has no events of this entity',
  'events-missing': 'the event at the watermark is not in the store (compacted or another store)',
  'events-damaged': 'an event to replay is damaged in the store',
  'replayer-refused': 'the replayer refused',
};

export function unverifiableText(verdict: Extract<Verdict, { result: 'unverifiable' }>): string {
  const candidates = verdict.candidates && verdict.candidates.length > 0 ? ` (${verdict.candidates.map(safe).join(', ')})` : '';
  return `${REASONS[verdict.reason]}${candidates}${verdict.detail === undefined ? '' : `: ${safe(verdict.detail)}`}`;
}
