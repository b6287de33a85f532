import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type ResultRow, type ResultSink, UserError } from '@attention-hd/core';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { writeFileAtomic } from './atomic-write.js';

/** 'mixed': a column whose rows hold values of different kinds (read back by inference) */
type ColumnKind = 'number' | 'string' | 'boolean' | 'mixed';

/** One damaged place in a results file: a line that cannot be a row, or a unit with rows missing. */
export interface Damage {
  /** 1-based line of the file, when one line is at fault */
  readonly line?: number;
  /** the unit it belongs to, when known */
  readonly key?: string;
  readonly problem: string;
}

/** results.csv is damaged: names the file and every damaged place, and the way out. */
export class ResultsDamagedError extends UserError {
  constructor(
    readonly path: string,
    readonly damage: readonly Damage[],
  ) {
    const shown = damage
      .slice(0, 5)
      .map((d) => `  ${d.line !== undefined ? `line ${d.line}` : `unit ${d.key}`}: ${d.problem}`)
      .join('\n');
    const more = damage.length > 5 ? `\n  … and ${damage.length - 5} more` : '';
    super(
      `${path} is damaged (${damage.length} place(s)):\n${shown}${more}\nrun again with --repair to drop the damaged rows and recompute exactly those units`,
    );
  }
}

/** What reading a results file found: the good rows, and what was damaged. */
export interface ResultsRead {
  readonly rows: ResultRow[];
  readonly damage: readonly Damage[];
  /** keys of the units that have a damaged row or miss rows (recomputed by a repair) */
  readonly damagedUnits: ReadonlySet<string>;
}

/**
 * A run's rows in `results.csv`: the whole file is rewritten atomically after every unit, so an
 * interrupted run keeps every finished unit and a re-run reads them back to skip them. Columns are
 * the union of the rows' fields in order of first appearance; empty cells are absent values. The
 * kind of every column (number, string, boolean) is kept beside it in `results.columns.json`, so
 * that a read gives back exactly what was written ('1' stays a string) and a damaged cell is found.
 * Every read is validated (see `readResults`); a damaged file stops the run with the lines named,
 * unless the sink was opened to repair it: then the damaged units' rows are dropped and recomputed.
 */
export class CsvResultSink implements ResultSink {
  #rows: ResultRow[] | undefined;
  /** units dropped by a repair (for the report) */
  repaired: readonly Damage[] = [];

  constructor(
    readonly path: string,
    readonly options: { readonly repair?: boolean } = {},
  ) {}

  async existing(): Promise<ResultRow[]> {
    if (this.#rows === undefined) {
      const read = readResults(this.path);
      if (read.damage.length > 0) {
        if (!this.options.repair) throw new ResultsDamagedError(this.path, read.damage);
        this.repaired = read.damage;
        this.#rows = read.rows.filter((row) => !read.damagedUnits.has(String(row.key)));
        await writeResults(this.path, this.#rows);
      } else {
        this.#rows = read.rows;
      }
    }
    return [...this.#rows];
  }

  async write(rows: readonly ResultRow[]): Promise<void> {
    await this.existing();
    this.#rows?.push(...rows);
    await writeResults(this.path, this.#rows ?? []);
  }

  async close(): Promise<void> {}
}

/** Writes rows as one CSV file with its column kinds, atomically (no rows: an empty file). */
export async function writeResultsCsv(path: string, rows: readonly ResultRow[]): Promise<void> {
  await writeResults(path, rows);
}

async function writeResults(path: string, rows: readonly ResultRow[]): Promise<void> {
  // the kinds first: a crash between the two writes leaves kinds for columns the CSV may not have yet
  await writeFileAtomic(columnsPath(path), `${JSON.stringify(columnKinds(rows, readColumnKinds(path)), null, 2)}\n`);
  await writeFileAtomic(path, rows.length === 0 ? '' : formatResultsCsv(rows));
}

export function formatResultsCsv(rows: readonly ResultRow[]): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const name of Object.keys(row)) {
      if (!seen.has(name)) {
        seen.add(name);
        columns.push(name);
      }
    }
  }
  const cells = rows.map((row) => columns.map((name) => formatCell(row[name])));
  return stringify([columns, ...cells]);
}

function formatCell(value: ResultRow[string] | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  return String(value);
}

/**
 * Reads rows back, validated (throws `ResultsDamagedError` naming the file and the lines if
 * anything is damaged); a missing file is no rows.
 */
export function readResultsCsv(path: string): ResultRow[] {
  const read = readResults(path);
  if (read.damage.length > 0) throw new ResultsDamagedError(path, read.damage);
  return read.rows;
}

/**
 * Reads and checks a results file: every line has the header's number of cells; every cell is of
 * its column's kind (numbers may be NaN or ±Infinity: a failed point is stored as such); `key` and
 * `method` are present; and every unit has the number of rows it was written with (`unitRows`), so
 * a deleted row is found too. Damaged rows are left out of `rows`.
 */
export function readResults(path: string): ResultsRead {
  if (!existsSync(path)) return { rows: [], damage: [], damagedUnits: new Set() };
  const text = readFileSync(path, 'utf8');
  if (text.trim() === '') return { rows: [], damage: [], damagedUnits: new Set() };
  const damage: Damage[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, info: true, relax_quotes: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return {
      rows: [],
      damage: [{ line, problem: `not CSV (${(error as Error).message.split('\n')[0]})` }],
      damagedUnits: new Set(),
    };
  }
  const [header, ...body] = records;
  const columns = header.record;
  const kinds = readColumnKinds(path);
  const rows: ResultRow[] = [];
  const lineKeys: (string | undefined)[] = [];
  for (const { record, info } of body) {
    const line = info.lines;
    const keyIndex = columns.indexOf('key');
    const key = keyIndex >= 0 && record[keyIndex] !== undefined && record[keyIndex] !== '' ? record[keyIndex] : undefined;
    if (record.length !== columns.length) {
      damage.push({
        line,
        key,
        problem: `${record.length} cells where the header has ${columns.length} (a truncated or foreign line)`,
      });
      lineKeys.push(key);
      continue;
    }
    const row: Record<string, number | string | boolean> = {};
    let bad: string | undefined;
    for (let i = 0; i < columns.length; i++) {
      const cell = record[i];
      if (cell === '') continue;
      const value = parseCell(cell, kinds[columns[i]]);
      if (value === undefined) {
        bad = `column ${columns[i]} holds "${cell.slice(0, 40)}", not a ${kinds[columns[i]]}`;
        break;
      }
      row[columns[i]] = value;
    }
    // a run's results have a key per row (reference.csv of the authors' points has none)
    if (bad === undefined && (row.method === undefined || (columns.includes('key') && row.key === undefined)))
      bad = 'no key or method';
    if (bad !== undefined) {
      damage.push({ line, key, problem: bad });
      lineKeys.push(key);
      continue;
    }
    rows.push(row);
  }
  const damagedUnits = new Set(lineKeys.filter((k): k is string => k !== undefined));
  // units with rows missing: fewer rows than the unit was written with
  const counts = new Map<string, { have: number; expected: number }>();
  for (const row of rows) {
    const key = String(row.key);
    const entry = counts.get(key) ?? { have: 0, expected: Number(row.unitRows ?? Number.NaN) };
    entry.have++;
    counts.set(key, entry);
  }
  for (const [key, { have, expected }] of counts) {
    if (Number.isFinite(expected) && have !== expected && !damagedUnits.has(key)) {
      damage.push({ key, problem: `${have} of its ${expected} rows (rows were deleted or the file was cut)` });
      damagedUnits.add(key);
    }
  }
  return { rows: rows.filter((row) => !damagedUnits.has(String(row.key))), damage, damagedUnits };
}

/** A cell as its column's kind; undefined when it is not one. Without a recorded kind: inferred. */
function parseCell(text: string, kind: ColumnKind | undefined): number | string | boolean | undefined {
  if (kind === 'string') return text;
  if (kind === 'boolean') return text === 'true' ? true : text === 'false' ? false : undefined;
  const number = text === 'NaN' ? Number.NaN : text.trim() === '' ? Number.NaN : Number(text);
  if (kind === 'number') return Number.isNaN(number) && text !== 'NaN' ? undefined : number;
  // a mixed column, or one written before column kinds were kept: infer (numbers, booleans, else text)
  if (text === 'true') return true;
  if (text === 'false') return false;
  return !Number.isNaN(number) || text === 'NaN' ? number : text;
}

function columnsPath(path: string): string {
  return join(dirname(path), `${basename(path, '.csv')}.columns.json`);
}

function readColumnKinds(path: string): Record<string, ColumnKind> {
  const file = columnsPath(path);
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, ColumnKind>;
  } catch {
    return {};
  }
}

/** The kind of each column from the rows' values; a column with values of several kinds is 'mixed'. */
function columnKinds(rows: readonly ResultRow[], earlier: Record<string, ColumnKind>): Record<string, ColumnKind> {
  const kinds: Record<string, ColumnKind> = { ...earlier };
  for (const row of rows) {
    for (const [name, value] of Object.entries(row)) {
      if (value === null || value === undefined) continue;
      const kind: ColumnKind = typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
      if (kinds[name] === undefined) kinds[name] = kind;
      else if (kinds[name] !== kind) kinds[name] = 'mixed';
    }
  }
  return kinds;
}
