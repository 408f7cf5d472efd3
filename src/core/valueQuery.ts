/**
 * Query by value: a MongoDB-style filter document (`{"balance_cents": {"$lt": 0}}`, `{"recent.kind": "0x2002"}`),
 * evaluated by sift over the decoded value. The query is JSON, so its numbers are parsed here exactly as the values'
 * are: integers beyond 2^53 become bigint on both sides, and every comparison below is exact (JavaScript compares
 * bigint with number by their mathematical values). Nothing in a value or a query is ever run as code: `$where`, the
 * one sift operator that would, is refused.
 */
import { parse } from 'lossless-json';
import { $all, $and, $elemMatch, $exists, $in, $ne, $nin, $nor, $not, $options, $or, $regex, $size, createEqualsOperation, createQueryTester } from 'sift';
import { utf8OrUndefined } from './bytes';
import { CacheInputError, QueryProblem } from './errors';
import { ExactJson, parseExactJson, parseNumberExact } from './jsonText';

const isNumeric = (value: unknown): value is number | bigint => typeof value === 'number' || typeof value === 'bigint';

/** -1, 0 or 1 for two numbers (exactly, bigint or not) or two strings; undefined for anything else. */
function order(a: unknown, b: unknown): number | undefined {
  if (!((isNumeric(a) && isNumeric(b)) || (typeof a === 'string' && typeof b === 'string'))) return undefined;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Deep equality of exact JSON values: numbers by value (`2n ** 60n` equals itself whatever its form), keys in any order. */
export function exactEquals(a: unknown, b: unknown): boolean {
  if (isNumeric(a) && isNumeric(b)) return order(a, b) === 0;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => exactEquals(item, b[i]));
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && exactEquals((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

type Options = Parameters<typeof createEqualsOperation>[2];
type Creator = (params: unknown, ownerQuery: unknown, options: Options) => ReturnType<typeof createEqualsOperation>;

/** `$lt`, `$gte`…: numbers with numbers (exactly), strings with strings; anything else does not match. */
function ordered(name: string, accept: (sign: number) => boolean): Creator {
  return (params, ownerQuery, options) => {
    if (!isNumeric(params) && typeof params !== 'string') throw new Error(`${name} takes a number or a string`);
    return createEqualsOperation((item: unknown) => {
      const sign = order(item, params);
      return sign !== undefined && accept(sign);
    }, ownerQuery, options);
  };
}

const isWhole = (value: unknown): value is number | bigint => typeof value === 'bigint' || Number.isInteger(value);

/** `$mod: [divisor, remainder]` on integers of any size, exactly. */
const $mod: Creator = (params, ownerQuery, options) => {
  if (!Array.isArray(params) || params.length !== 2 || !params.every(isWhole) || BigInt(params[0]) === 0n) {
    throw new Error('$mod takes [divisor, remainder]: two integers, the divisor not 0');
  }
  const [divisor, remainder] = params.map((n: number | bigint) => BigInt(n));
  return createEqualsOperation((item: unknown) => isWhole(item) && BigInt(item) % divisor === remainder, ownerQuery, options);
};

const TYPES: Record<string, (value: unknown) => boolean> = {
  number: isNumeric,
  string: (v) => typeof v === 'string',
  bool: (v) => typeof v === 'boolean',
  array: Array.isArray,
  object: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
  null: (v) => v === null,
};

const $type: Creator = (params, ownerQuery, options) => {
  const test = typeof params === 'string' && Object.hasOwn(TYPES, params) ? TYPES[params] : undefined;
  if (!test) throw new Error(`$type takes one of ${Object.keys(TYPES).join(', ')}`);
  return createEqualsOperation(test, ownerQuery, options);
};

const $where: Creator = () => {
  throw new Error('$where is not supported: it would run the query as JavaScript');
};

const OPERATIONS = {
  $in, $nin, $ne, $all, $and, $or, $nor, $not, $elemMatch, $exists, $size, $regex, $options, $mod, $type, $where,
  $eq: (params: unknown, ownerQuery: unknown, options: Options) => createEqualsOperation(params, ownerQuery, options),
  $lt: ordered('$lt', (sign) => sign < 0),
  $lte: ordered('$lte', (sign) => sign <= 0),
  $gt: ordered('$gt', (sign) => sign > 0),
  $gte: ordered('$gte', (sign) => sign >= 0),
};

/** Why a query was refused, for the surfaces to word, with the character it went wrong at when that is known. */
export class ValueQueryError extends CacheInputError {
  constructor(readonly query: QueryProblem) {
    super('bad-selector', query);
    this.name = 'ValueQueryError';
  }

  /** Where the query stops being JSON (0-based), when that is what is wrong. */
  get position(): number | undefined {
    return this.query.code === 'query-not-json' ? this.query.position : undefined;
  }
}

export class ValueQuery {
  private constructor(
    /** The query as it was given. */
    readonly source: string,
    private readonly test: (value: ExactJson) => boolean,
  ) {}

  /** Parses a filter document; throws ValueQueryError naming what is wrong (and where, for bad JSON). */
  static parse(source: string): ValueQuery {
    let query: unknown;
    try {
      query = parse(source, undefined, parseNumberExact);
    } catch (error) {
      const message = (error as Error).message;
      const at = /position (\d+)/.exec(message);
      throw new ValueQueryError({ code: 'query-not-json', detail: message, position: at ? Number(at[1]) : source.length });
    }
    if (query === null || typeof query !== 'object' || Array.isArray(query)) {
      throw new ValueQueryError({ code: 'query-not-object' });
    }
    try {
      return new ValueQuery(source, createQueryTester(query, { operations: OPERATIONS, compare: exactEquals }));
    } catch (error) {
      throw new ValueQueryError({ code: 'query-not-understood', detail: (error as Error).message });
    }
  }

  /** Whether the query matches a value given as its bytes. A value that is not JSON never matches. */
  matches(bytes: Uint8Array): boolean {
    const text = utf8OrUndefined(bytes);
    const value = text === undefined ? undefined : parseExactJson(text);
    return value !== undefined && this.matchesValue(value);
  }

  matchesValue(value: ExactJson): boolean {
    try {
      return this.test(value);
    } catch (error) {
      // A value nested deeper than the stack lets the walk go: it cannot match what nobody can read.
      if (error instanceof RangeError) return false;
      throw error;
    }
  }
}
