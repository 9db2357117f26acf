/** A CSV file that cannot be read at all: the whole import stops, because later rows may be misaligned. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    problem: string,
  ) {
    super(`row ${row}: ${problem}`);
    this.name = 'CsvSyntaxError';
  }
}

export interface CsvRow {
  /** 1-based and counting the header, as a spreadsheet numbers rows; a quoted line break does not start a new row. */
  row: number;
  fields: string[];
}

/**
 * Parses RFC 4180 CSV: comma-separated, fields optionally in double quotes, `""` for a quote inside them,
 * line breaks (LF or CRLF) inside quotes kept. Blank lines are skipped; a leading byte-order mark is ignored.
 */
export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let row = 1;
  let i = text.startsWith('\uFEFF') ? 1 : 0;

  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    // A blank line parses as one empty field: nothing was there, so it is not a row.
    if (fields.length > 1 || fields[0] !== '') rows.push({ row, fields });
    fields = [];
    row += 1;
  };

  while (i < text.length) {
    const char = text[i];
    if (char === '"' && field === '') {
      const start = row;
      i += 1;
      while (true) {
        if (i >= text.length) throw new CsvSyntaxError(start, 'a quoted field is never closed; add the missing "');
        const c = text[i];
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (c === '"') {
          i += 1;
          break;
        } else {
          field += c;
          i += 1;
        }
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvSyntaxError(
          start,
          'text follows a closing quote; put the whole field in quotes and double any " inside it',
        );
      }
    } else if (char === ',') {
      endField();
      i += 1;
    } else if (char === '\n' || char === '\r') {
      endRow();
      i += char === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += char;
      i += 1;
    }
  }
  if (field !== '' || fields.length > 0) endRow();
  return rows;
}
