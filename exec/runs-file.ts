// Reading runs.csv back for --resume and merge, streamed (csv-parse): a file of millions of runs is
// never held as one string (V8 refuses strings past 512 MiB), and every row is checked as it
// passes: the run ids in range and in the shard, no run twice, no cell a spreadsheet would run.
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { parse } from 'csv-parse';
import { csvSafeCell } from '../sim/csv-cell.ts';
import { POINT_FIELD, REPLICATE_FIELD } from './columns.ts';
import { errnoReason, UsageError } from './errors.ts';

/** The longest row accepted (a runs.csv row is a few hundred bytes). */
const MAX_ROW_BYTES = 1 << 20;

/**
 * Bytes of `file` up to and including its last newline: the whole rows. A partial last line (a
 * writer killed mid-row) lies past it. Found by reading backwards from the end, a block at a time.
 */
export function wholeRowsLength(file: string): { whole: number; size: number } {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const block = Buffer.allocUnsafe(1 << 16);
    for (let end = size; end > 0; ) {
      const start = Math.max(0, end - block.length);
      const n = readSync(fd, block, 0, end - start, start);
      const nl = block.subarray(0, n).lastIndexOf(10);
      if (nl >= 0) return { whole: start + nl + 1, size };
      end = start;
    }
    return { whole: 0, size };
  } finally {
    closeSync(fd);
  }
}

export interface RunsRow {
  /** 1-based line of the row's start in the file. */
  line: number;
  point: number;
  replicate: number;
  /** Byte offset and length of the row (newline included) in the file. */
  offset: number;
  length: number;
  /** A cell that a spreadsheet would run as a formula (the writer never leaves one). */
  formula: boolean;
  cells: string[];
}

/**
 * Stream the first `whole` bytes of a runs.csv: `onHeader` gets the header line (without its
 * newline), `onRow` each row after it. A row whose point or replicate is not a whole number, or
 * that cannot be parsed, is a usage error naming the file and line.
 */
export async function scanRuns(
  file: string,
  whole: number,
  onHeader: (header: string) => void,
  onRow: (row: RunsRow) => void,
): Promise<void> {
  if (whole === 0) return;
  const parser = createReadStream(file, { start: 0, end: whole - 1 }).pipe(
    parse({ raw: true, relax_column_count: true, max_record_size: MAX_ROW_BYTES, bom: false }),
  );
  let offset = 0;
  let line = 1;
  let first = true;
  try {
    for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      const length = Buffer.byteLength(raw);
      if (first) {
        onHeader(raw.replace(/\r?\n$/, ''));
        first = false;
      } else {
        const point = Number(record[POINT_FIELD]);
        const replicate = Number(record[REPLICATE_FIELD]);
        if (!/^\d+$/.test(record[POINT_FIELD] ?? '') || !/^\d+$/.test(record[REPLICATE_FIELD] ?? ''))
          throw new UsageError(`${file}: line ${line}: a row without a point and a replicate number`);
        const formula = record.some((c) => csvSafeCell(c) !== c);
        onRow({ line, point, replicate, offset, length, formula, cells: record });
      }
      offset += length;
      line += (raw.match(/\n/g) ?? []).length;
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as { code?: string }).code;
    if (code?.startsWith('CSV_'))
      throw new UsageError(`${file}: line ${line}: not a CSV row pilotnet wrote (${code.toLowerCase()})`);
    throw new UsageError(`${file}: cannot read: ${errnoReason(e)}`);
  }
}
