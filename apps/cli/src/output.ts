/** Data goes to stdout (JSON with --json, a table otherwise); logs and progress go to stderr. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, jsonNumbers, 2)}\n`);
}

/** JSON has no NaN or ±∞: they are written as null (a missing number, never one that looks valid). */
function jsonNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

export function printLines(lines: readonly string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function formatNumber(x: number, digits = 6): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const magnitude = Math.abs(x);
  return magnitude >= 1e-3 && magnitude < 1e6 ? Number(x.toPrecision(digits)).toString() : x.toExponential(digits - 1);
}

/** Left-aligned columns. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) widths[i] = Math.max(widths[i] ?? 0, row[i].length);
  }
  return rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
}
