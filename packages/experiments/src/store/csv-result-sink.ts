import { existsSync, readFileSync } from 'node:fs';
import type { ResultRow, ResultSink } from '@attention-hd/core';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { writeFileAtomic } from './atomic-write.js';

/**
 * A run's rows in `results.csv`: the whole file is rewritten atomically after every unit, so an
 * interrupted run keeps every finished unit and a re-run reads them back to skip them. Columns are
 * the union of the rows' fields in order of first appearance; empty cells are absent values.
 */
export class CsvResultSink implements ResultSink {
  #rows: ResultRow[] | undefined;

  constructor(readonly path: string) {}

  async existing(): Promise<ResultRow[]> {
    this.#rows ??= readResultsCsv(this.path);
    return [...this.#rows];
  }

  async write(rows: readonly ResultRow[]): Promise<void> {
    this.#rows ??= readResultsCsv(this.path);
    this.#rows.push(...rows);
    await writeFileAtomic(this.path, formatResultsCsv(this.#rows));
  }

  async close(): Promise<void> {}
}

/** Writes rows as one CSV file, atomically (an empty row list gives an empty file). */
export async function writeResultsCsv(path: string, rows: readonly ResultRow[]): Promise<void> {
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

/** Reads rows back: numbers (incl. NaN, ±Infinity) as numbers, true/false as booleans, empty as absent. */
export function readResultsCsv(path: string): ResultRow[] {
  if (!existsSync(path)) return [];
  const records = parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return records.map((record) => {
    const row: Record<string, number | string | boolean> = {};
    for (const [name, text] of Object.entries(record)) {
      if (text === '') continue;
      row[name] = parseCell(text);
    }
    return row;
  });
}

function parseCell(text: string): number | string | boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'NaN') return Number.NaN;
  const value = Number(text);
  return text.trim() !== '' && !Number.isNaN(value) ? value : text;
}
