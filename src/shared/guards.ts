/**
 * Tiny runtime type guards that also describe the TypeScript type they check, so each protocol message is declared
 * once and validated the same way on both sides of the webview boundary. No imports: the webview bundles this too.
 */
export type Guard<T> = (value: unknown) => value is T;
export type Infer<G> = G extends Guard<infer T> ? T : never;

export const isString: Guard<string> = (value): value is string => typeof value === 'string';
export const isBoolean: Guard<boolean> = (value): value is boolean => typeof value === 'boolean';

/** Finite numbers only: NaN and Infinity never cross the boundary legitimately. */
export const isNumber: Guard<number> = (value): value is number => typeof value === 'number' && Number.isFinite(value);

export const isCount: Guard<number> = (value): value is number => isNumber(value) && Number.isInteger(value) && value >= 0;

export function literal<const T extends string>(...values: T[]): Guard<T> {
  return (value): value is T => typeof value === 'string' && (values as string[]).includes(value);
}

export function nullable<T>(guard: Guard<T>): Guard<T | null> {
  return (value): value is T | null => value === null || guard(value);
}

export function arrayOf<T>(guard: Guard<T>, maxLength = 100_000): Guard<T[]> {
  return (value): value is T[] => Array.isArray(value) && value.length <= maxLength && value.every(guard);
}

/** An object with exactly these fields (extra fields are rejected: they would mean the two sides disagree). */
export function object<T extends Record<string, unknown>>(fields: { [K in keyof T]: Guard<T[K]> }): Guard<T> {
  const names = Object.keys(fields);
  return (value): value is T => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    return Object.keys(record).every((name) => names.includes(name)) && names.every((name) => fields[name](record[name]));
  };
}

export function oneOf<G extends Guard<unknown>[]>(...guards: G): Guard<Infer<G[number]>> {
  return (value): value is Infer<G[number]> => guards.some((guard) => guard(value));
}
