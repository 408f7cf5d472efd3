/**
 * The replayer client: a program the user names (the service's own projection code, or a script), started once, run
 * without a shell. Requests go to its stdin as NDJSON; it answers each with exactly one NDJSON line on stdout, in order.
 * A replayer that dies, hangs, answers out of order, answers too much or with bad JSON is a ReplayerFailure: its
 * answers are not trusted any further, so nothing is judged from them.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { Node, parseTree, ParseError } from 'jsonc-parser';
import { parse as parseShell } from 'shell-quote';
import { CacheInputError } from '../errors';

/** Why a replayer can no longer be trusted. */
export type ReplayerProblem =
  | { code: 'spawn-failed'; command: string; reason: string }
  | { code: 'exited'; exitCode: number | null; signal: string | null }
  | { code: 'timeout'; op: string; ms: number }
  | { code: 'not-json'; op: string; line: string }
  /** An answer without the fields its request asks for, or with a count that does not match (`detail` says which). */
  | { code: 'bad-answer'; op: string; detail: string; line: string }
  /** An answer echoing another request's `id`: the replayer answers out of order. */
  | { code: 'out-of-order'; expected: number; got: string }
  | { code: 'unasked'; line: string };

/** How long a replayer may take to exit once its stdin is closed (flushing, freeing). */
const CLOSE_GRACE_MS = 1000;

export class ReplayerFailure extends Error {
  constructor(readonly problem: ReplayerProblem) {
    super(`${problem.code} ${JSON.stringify(problem)}`);
    this.name = 'ReplayerFailure';
  }
}

/** A projection the replayer can replay, as `hello` lists it. */
export interface ReplayerProjection {
  name: string;
  schemaVersion: bigint;
  /** `category << 12 | type_id`; empty means every kind. */
  kinds: number[];
  typeHash: bigint | null;
}

/** The replayer's own refusal (`{"error": …}`) of one request: about that request only, the replayer stays trusted. */
export interface ReplayerRefusal {
  refused: string;
}

export interface ReplayerOptions {
  cwd?: string;
  /** How long one answer may take (default 10 s). */
  timeoutMs?: number;
  /** What the replayer writes on stderr, as it comes. */
  onStderr?: (text: string) => void;
}

interface Pending {
  id: number;
  op: string;
  resolve: (answer: { line: string; root: Node }) => void;
  reject: (error: ReplayerFailure) => void;
}

/**
 * Splits a command line into words as a POSIX shell would (quotes and backslashes honoured; `$VAR` left as written).
 * Operators (`|`, `>`, `&&`…) and globs are refused: the command runs without a shell.
 */
export function splitCommand(commandLine: string): string[] {
  const words = parseShell(commandLine, (name) => `$${name}`);
  if (words.length === 0) throw new CacheInputError('bad-argument', { code: 'replayer-empty' });
  if (words.some((word) => typeof word !== 'string')) throw new CacheInputError('bad-argument', { code: 'replayer-shell-syntax', input: commandLine });
  return words as string[];
}

export class Replayer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: Pending[] = [];
  private readonly inits = new Map<string, Promise<string | ReplayerRefusal>>();
  private clock: NodeJS.Timeout | undefined;
  private readonly timeoutMs: number;
  private buffered = '';
  private nextId = 1;
  private failure: ReplayerFailure | undefined;

  constructor(commandLine: string, options: ReplayerOptions = {}) {
    const [command, ...args] = splitCommand(commandLine);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.child = spawn(command, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'], shell: false, windowsHide: true });
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.received(chunk));
    this.child.stderr.on('data', (chunk: string) => options.onStderr?.(chunk));
    this.child.on('error', (error: NodeJS.ErrnoException) => this.fail({ code: 'spawn-failed', command, reason: error.code ?? error.message }));
    this.child.on('exit', (exitCode, signal) => this.fail({ code: 'exited', exitCode, signal }));
    // A replayer that exits before reading everything: the write fails, the exit says why.
    this.child.stdin.on('error', () => undefined);
  }

  /** What the replayer can replay. */
  async hello(): Promise<ReplayerProjection[]> {
    const { line, root } = await this.ask({ op: 'hello' });
    const list = member(root, 'projections');
    if (list?.type !== 'array') throw this.bad('hello', 'projections', line);
    return (list.children ?? []).map((item) => projectionOf(item, line, (detail) => this.bad('hello', detail, line)));
  }

  /** The projection's state before any event, as exact JSON text: asked once per projection (it is always the same). */
  init(projection: string): Promise<string | ReplayerRefusal> {
    let state = this.inits.get(projection);
    if (!state) {
      state = this.ask({ op: 'init', projection }).then((answer) => this.stateAnswer('init', answer));
      this.inits.set(projection, state);
    }
    return state;
  }

  /** The state after all of `events` (JSON texts of `eventToJson`), from `state`. */
  async fold(projection: string, state: string, events: readonly string[]): Promise<string | ReplayerRefusal> {
    return this.stateAnswer('fold', await this.ask({ op: 'fold', projection }, state, events));
  }

  /** The state after each of `events`, from `state`: exactly one per event. */
  async apply(projection: string, state: string, events: readonly string[]): Promise<string[] | ReplayerRefusal> {
    const { line, root } = await this.ask({ op: 'apply', projection }, state, events);
    const refusal = refusalOf(root);
    if (refusal) return refusal;
    const states = member(root, 'states');
    if (states?.type !== 'array') throw this.bad('apply', 'states', line);
    if (states.children?.length !== events.length) throw this.bad('apply', `states: ${states.children?.length ?? 0} for ${events.length} events`, line);
    return states.children.map((node) => textOf(node, line));
  }

  /** Ends the replayer: stdin closed (a well-behaved replayer exits at its end), killed if it is still there a second later. */
  close(): void {
    this.failure ??= new ReplayerFailure({ code: 'exited', exitCode: null, signal: null });
    this.child.stdin.end();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const grace = setTimeout(() => this.child.kill(), CLOSE_GRACE_MS);
    this.child.once('exit', () => clearTimeout(grace));
  }

  private stateAnswer(op: string, { line, root }: { line: string; root: Node }): string | ReplayerRefusal {
    const refusal = refusalOf(root);
    if (refusal) return refusal;
    const state = member(root, 'state');
    if (!state) throw this.bad(op, 'state', line);
    return textOf(state, line);
  }

  /** Sends a request (state and events spliced in as the exact texts they are) and waits for its answer. */
  private ask(request: { op: string; projection?: string }, state?: string, events?: readonly string[]): Promise<{ line: string; root: Node }> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const head = JSON.stringify({ id, ...request }).slice(0, -1);
    const tail = state === undefined ? '}' : `,"state":${state},"events":[${(events ?? []).join(',')}]}`;
    return new Promise((resolve, reject) => {
      this.pending.push({ id, op: request.op, resolve, reject });
      if (this.pending.length === 1) this.startClock();
      this.child.stdin.write(`${head}${tail}\n`);
    });
  }

  /** The timeout runs for the request answered next only: requests asked ahead wait their turn without a clock. */
  private startClock(): void {
    clearTimeout(this.clock);
    const op = this.pending[0].op;
    this.clock = setTimeout(() => this.fail({ code: 'timeout', op, ms: this.timeoutMs }), this.timeoutMs);
  }

  private received(chunk: string): void {
    this.buffered += chunk;
    let end: number;
    while ((end = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, end).trim();
      this.buffered = this.buffered.slice(end + 1);
      if (line !== '') this.answered(line);
    }
  }

  private answered(line: string): void {
    const next = this.pending.shift();
    if (!next) return this.fail({ code: 'unasked', line: clip(line) });
    clearTimeout(this.clock);
    if (this.pending.length > 0) this.startClock();
    const errors: ParseError[] = [];
    const root = parseTree(line, errors, { disallowComments: true, allowTrailingComma: false });
    if (!root || errors.length > 0 || root.type !== 'object') {
      this.pending.unshift(next);
      return this.fail({ code: 'not-json', op: next.op, line: clip(line) });
    }
    const id = member(root, 'id');
    if (id && textOf(id, line) !== String(next.id)) {
      this.pending.unshift(next);
      return this.fail({ code: 'out-of-order', expected: next.id, got: clip(textOf(id, line)) });
    }
    next.resolve({ line, root });
  }

  /** The replayer is no longer trusted: every waiting request and every later one fails with why. */
  private fail(problem: ReplayerProblem): void {
    if (!this.failure) this.failure = new ReplayerFailure(problem);
    clearTimeout(this.clock);
    for (const waiting of this.pending.splice(0)) waiting.reject(this.failure);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
  }

  private bad(op: string, detail: string, line: string): ReplayerFailure {
    this.fail({ code: 'bad-answer', op, detail, line: clip(line) });
    return this.failure as ReplayerFailure;
  }
}

function member(object: Node, name: string): Node | undefined {
  if (object.type !== 'object') return undefined;
  const property = object.children?.find((child) => child.children?.[0].value === name);
  return property?.children?.[1];
}

function textOf(node: Node, source: string): string {
  return source.slice(node.offset, node.offset + node.length);
}

function refusalOf(root: Node): ReplayerRefusal | undefined {
  const error = member(root, 'error');
  return error === undefined ? undefined : { refused: typeof error.value === 'string' ? error.value : String(error.value) };
}

function projectionOf(item: Node, line: string, bad: (detail: string) => ReplayerFailure): ReplayerProjection {
  const name = item.type === 'object' ? member(item, 'name') : undefined;
  if (name?.type !== 'string') throw bad('projections[].name');
  const schema = member(item, 'schemaVersion');
  const schemaText = schema?.type === 'number' ? textOf(schema, line) : schema?.type === 'string' ? String(schema.value) : '';
  if (!/^\d{1,20}$/.test(schemaText) || BigInt(schemaText) > 0xffffffffffffffffn) throw bad(`projections[${JSON.stringify(name.value)}].schemaVersion`);
  const kinds = member(item, 'kinds');
  const kindList = kinds?.type === 'array' ? (kinds.children ?? []).map((kind) => kindOf(kind.value)) : [];
  if (kinds?.type !== 'array' || kindList.some((kind) => kind === undefined)) throw bad(`projections[${JSON.stringify(name.value)}].kinds`);
  const typeHash = member(item, 'typeHash');
  const hash = typeHash === undefined || typeHash.type === 'null' ? null : hashOf(typeHash.value);
  if (hash === undefined) throw bad(`projections[${JSON.stringify(name.value)}].typeHash`);
  return { name: name.value as string, schemaVersion: BigInt(schemaText), kinds: kindList as number[], typeHash: hash };
}

/** An event kind as `"0x2001"` or a number. */
function kindOf(value: unknown): number | undefined {
  const kind = typeof value === 'number' ? value : typeof value === 'string' && /^0x[0-9a-f]{1,4}$/i.test(value) ? Number.parseInt(value.slice(2), 16) : NaN;
  return Number.isInteger(kind) && kind >= 0 && kind <= 0xffff ? kind : undefined;
}

/** A u64 type hash as hex text (`0x…`): a JSON number could not carry it exactly through every language. */
export function hashOf(value: unknown): bigint | undefined {
  if (typeof value !== 'string' || !/^(0x)?[0-9a-f]{1,16}$/i.test(value.trim())) return undefined;
  return BigInt(`0x${value.trim().replace(/^0x/i, '')}`);
}

const clip = (line: string): string => (line.length > 200 ? `${line.slice(0, 200)}…` : line);
