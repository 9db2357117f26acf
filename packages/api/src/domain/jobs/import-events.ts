import { plural } from '../../words.ts';
import { type CsvRow, CsvSyntaxError, parseCsv } from '../csv.ts';
import { describeIssues, EventFields } from '../event-fields.ts';
import { insertDraft } from '../events.ts';
import { type JobContext, JobFailure, type JobResult } from './job-context.ts';

/** Stays below the server's default 100 KB request body limit, so an oversized file gets this clear error instead. */
export const MAX_IMPORT_CSV_CHARS = 90_000;
export const MAX_IMPORT_ROWS = 1000;
/** Rows written per transaction: each batch commits with one progress update. */
export const IMPORT_BATCH_SIZE = 50;

const COLUMNS = ['title', 'description', 'startsAt', 'location'] as const;
type Column = (typeof COLUMNS)[number];

export interface RowError {
  row: number;
  reason: string;
}

/** Where each column sits: the header may list them in any order and any letter case. */
function readHeader(header: CsvRow | undefined): Record<Column, number> {
  const expected = `The first row must be the header ${COLUMNS.join(',')}`;
  if (!header) throw new JobFailure(`The file is empty. ${expected}.`);
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const positions = COLUMNS.map((column) => names.indexOf(column.toLowerCase()));
  if (names.length !== COLUMNS.length || positions.some((p) => p < 0)) {
    throw new JobFailure(`${expected}; it was "${header.fields.join(',')}". Fix the header and import again.`);
  }
  return Object.fromEntries(COLUMNS.map((column, i) => [column, positions[i]])) as Record<Column, number>;
}

function readRow(row: CsvRow, columns: Record<Column, number>): EventFields | RowError {
  if (row.fields.length !== COLUMNS.length) {
    return { row: row.row, reason: `expected ${COLUMNS.length} fields but found ${row.fields.length}` };
  }
  const parsed = EventFields.safeParse(Object.fromEntries(COLUMNS.map((c) => [c, row.fields[columns[c]]])));
  return parsed.success ? parsed.data : { row: row.row, reason: describeIssues(parsed.error) };
}

/** Creates every valid row as a draft owned by the job's owner; rows that do not fit are reported, not fatal. */
export async function importEvents({ job, step }: JobContext, csv: string): Promise<JobResult> {
  let rows: CsvRow[];
  try {
    rows = parseCsv(csv);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    throw new JobFailure(`The file is not valid CSV: ${error.message}. Nothing was imported.`);
  }
  const [header, ...data] = rows;
  const columns = readHeader(header);
  if (data.length > MAX_IMPORT_ROWS) {
    throw new JobFailure(
      `The file has ${plural(data.length, 'row')}; import at most ${MAX_IMPORT_ROWS} at a time by splitting it. Nothing was imported.`,
    );
  }
  const total = data.length;
  await step({ processed: 0, total });

  const errors: RowError[] = [];
  let created = 0;
  for (let start = 0; start < total; start += IMPORT_BATCH_SIZE) {
    const batch = data.slice(start, start + IMPORT_BATCH_SIZE);
    const fieldsOfRows = batch.map((row) => readRow(row, columns));
    await step({ processed: start + batch.length, total }, async (tx) => {
      for (const fields of fieldsOfRows) if (!('reason' in fields)) await insertDraft(tx, job.ownerId, fields);
    });
    // Counted after the commit: a step PostgreSQL aborted runs again, and would count twice.
    for (const fields of fieldsOfRows) {
      if ('reason' in fields) errors.push(fields);
      else created += 1;
    }
  }
  const problems =
    errors.length === 0 ? '' : ` ${plural(errors.length, 'row')} had problems; fix them and import those again.`;
  return { summary: `Imported ${created} of ${plural(total, 'row')} as draft events.${problems}`, created, errors };
}
