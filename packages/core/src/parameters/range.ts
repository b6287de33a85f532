/** A closed, open or half-open interval of allowed numbers; `integer` restricts it to integers. */
export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  /** true: min itself is not allowed. */
  readonly minExclusive?: boolean;
  /** true: max itself is not allowed. */
  readonly maxExclusive?: boolean;
  readonly integer?: boolean;
}

export function describeRange(range: NumberRange): string {
  const kind = range.integer ? 'an integer' : 'a number';
  const hasMin = range.min !== undefined;
  const hasMax = range.max !== undefined;
  if (!hasMin && !hasMax) return `${kind} (finite)`;
  const lo = hasMin ? `${range.minExclusive ? '(' : '['}${range.min}` : '(-∞';
  const hi = hasMax ? `${range.max}${range.maxExclusive ? ')' : ']'}` : '∞)';
  return `${kind} in ${lo}, ${hi}`;
}

export function isInRange(value: number, range: NumberRange): boolean {
  if (!Number.isFinite(value)) return false;
  if (range.integer && !Number.isInteger(value)) return false;
  if (range.min !== undefined && (range.minExclusive ? value <= range.min : value < range.min)) return false;
  if (range.max !== undefined && (range.maxExclusive ? value >= range.max : value > range.max)) return false;
  return true;
}
