import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from './csv.ts';

const fieldsOf = (text: string) => parseCsv(text).map((r) => r.fields);

describe('parseCsv', () => {
  it('splits plain rows and fields', () => {
    expect(fieldsOf('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('reads the last row without a trailing line break, and CRLF line ends', () => {
    expect(fieldsOf('a,b\r\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    expect(fieldsOf('"Elm, north end","She said ""bring gloves""","line one\nline two"')).toEqual([
      ['Elm, north end', 'She said "bring gloves"', 'line one\nline two'],
    ]);
  });

  it('keeps empty fields, quoted or not', () => {
    expect(fieldsOf('a,,""\n,,')).toEqual([
      ['a', '', ''],
      ['', '', ''],
    ]);
  });

  it('numbers rows as a spreadsheet does: blank lines count, quoted line breaks do not', () => {
    const rows = parseCsv('header\n"two\nlines"\n\nfour\n');
    expect(rows.map((r) => [r.row, r.fields[0]])).toEqual([
      [1, 'header'],
      [2, 'two\nlines'],
      [4, 'four'],
    ]);
  });

  it('ignores a byte-order mark from spreadsheet exports', () => {
    expect(fieldsOf('\uFEFFtitle,location\n')).toEqual([['title', 'location']]);
  });

  it('treats a quote inside an unquoted field as text', () => {
    expect(fieldsOf('5" pipe,x')).toEqual([['5" pipe', 'x']]);
  });

  it('returns nothing for an empty file', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\n\r\n')).toEqual([]);
  });

  it('refuses a quoted field that is never closed, naming the row it starts on', () => {
    expect(() => parseCsv('a\n"open,b\nc')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\n"open,b\nc')).toThrow(/row 2: a quoted field is never closed/);
  });

  it('refuses text after a closing quote', () => {
    expect(() => parseCsv('"quoted"tail,b')).toThrow(/row 1: text follows a closing quote/);
  });
});
