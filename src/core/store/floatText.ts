/**
 * Floats as serde_json writes them (it formats with ryu): the shortest digits that read back as the same float, laid
 * out by ryu's rules, so a payload shows `-3.0` (not `-3`), `21.0`, `1e16`, `5e-324` and `-0.0` exactly as a Rust
 * service's own JSON would. NaN and the infinities are `null`, as serde_json writes them.
 */

/** An f64 as serde_json writes it. */
export function f64Text(value: number): string {
  if (!Number.isFinite(value)) return 'null';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  // toExponential() with no argument gives the shortest digits that round-trip (ECMAScript, like ryu).
  const [mantissa, exponent] = Math.abs(value).toExponential().split('e');
  return layout(value < 0, mantissa.replace('.', ''), Number(exponent), 16, -5);
}

/** An f32 as serde_json writes it: the shortest digits that read back as the same f32, not as the same f64. */
export function f32Text(value: number): string {
  if (!Number.isFinite(value)) return 'null';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  for (let precision = 1; precision <= 9; precision++) {
    const digits = shortestF32(magnitude, precision);
    if (digits) return layout(value < 0, digits.digits, digits.exponent, 13, -6);
  }
  return f64Text(value); // unreachable: 9 digits always read back as the same f32
}

/**
 * The `precision`-digit decimal closest to `magnitude` that reads back as the same f32, if one does. The correctly
 * rounded one can miss at a power of two (the gap below is half the gap above) where its neighbour above still hits.
 */
function shortestF32(magnitude: number, precision: number): { digits: string; exponent: number } | undefined {
  const [mantissa, exp] = magnitude.toExponential(precision - 1).split('e');
  const exponent = Number(exp);
  const rounded = BigInt(mantissa.replace('.', ''));
  let best: { digits: string; exponent: number; distance: number } | undefined;
  for (const candidate of [rounded - 1n, rounded, rounded + 1n]) {
    let digits = candidate.toString();
    let e = exponent;
    if (digits.length > precision) [digits, e] = [digits.slice(0, precision), e + 1]; // 9.99 + 0.01 -> 10.0
    if (digits.length < precision || digits === '0') continue;
    const decimal = Number(`${digits[0]}.${digits.slice(1)}e${e}`);
    if (Math.fround(decimal) !== magnitude) continue;
    const distance = Math.abs(decimal - magnitude);
    if (!best || distance < best.distance) best = { digits, exponent: e, distance };
  }
  return best && { digits: best.digits.replace(/0+$/, '') || '0', exponent: best.exponent };
}

/**
 * ryu's layout (`pretty/mod.rs`) of the digits d1d2…dn times 10^(exponent - n + 1): plain with `.0` up to `maxPlain`
 * integer digits, `0.000ddd` down to `minPlain` (exclusive), else scientific with an unsigned positive exponent.
 */
function layout(negative: boolean, digits: string, exponent: number, maxPlain: number, minPlain: number): string {
  const length = digits.length;
  const kk = exponent + 1; // 10^(kk-1) <= value < 10^kk
  let text: string;
  if (length <= kk && kk <= maxPlain) text = `${digits}${'0'.repeat(kk - length)}.0`;
  else if (0 < kk && kk <= maxPlain) text = `${digits.slice(0, kk)}.${digits.slice(kk)}`;
  else if (minPlain < kk && kk <= 0) text = `0.${'0'.repeat(-kk)}${digits}`;
  else if (length === 1) text = `${digits}e${kk - 1}`;
  else text = `${digits[0]}.${digits.slice(1)}e${kk - 1}`;
  return negative ? `-${text}` : text;
}
