import { describe, expect, it } from 'vitest';
import { csvField, neutraliseCsvText, toCsv } from '../src/export/csv.js';

// [cell as written, cell as it must reach the CSV (before RFC 4180 quoting)]
const TABLE: [string, string][] = [
  // formulas and DDE payloads: neutralised
  ['=1+1', "'=1+1"],
  ['=HYPERLINK("http://evil/","x")', `'=HYPERLINK("http://evil/","x")`],
  ["-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"],
  ['+1+HYPERLINK("http://evil/")', `'+1+HYPERLINK("http://evil/")`],
  ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
  ['\t=1+1', "'\t=1+1"],
  ['\r=1+1', "'\r=1+1"],
  ['＝1+1', "'＝1+1"],
  ['＋1+HYPERLINK("x")', `'＋1+HYPERLINK("x")`],
  ['－1+cmd', "'－1+cmd"],
  ['＠SUM(A1)', "'＠SUM(A1)"],
  ['-', "'-"],
  ['+', "'+"],
  ['-1-2-3+cmd', "'-1-2-3+cmd"],
  ['+1-2', "'+1-2"],
  ['-12.5e', "'-12.5e"],
  ['+81-90-1234-5678+A1', "'+81-90-1234-5678+A1"],
  ['-03-1234-5678', "'-03-1234-5678"],
  ['=03-1234-5678', "'=03-1234-5678"],
  // wholly a number: as it is
  ['-12.5', '-12.5'],
  ['+3', '+3'],
  ['-0.5', '-0.5'],
  ['-.5', '-.5'],
  ['-1e3', '-1e3'],
  ['3', '3'],
  // phone numbers: as they are
  ['+81-90-1234-5678', '+81-90-1234-5678'],
  ['+81 3 1234 5678', '+81 3 1234 5678'],
  ['03-1234-5678', '03-1234-5678'],
  ['090-1234-5678', '090-1234-5678'],
  // ordinary text, including the formula characters further in
  ['見守り活動 =毎週', '見守り活動 =毎週'],
  ['サロン@公民館', 'サロン@公民館'],
  ['a-b', 'a-b'],
  ['', ''],
];

describe('CSV formula neutralisation', () => {
  it.each(TABLE)('%j → %j', (input, expected) => {
    expect(neutraliseCsvText(input)).toBe(expected);
  });

  it('quotes after neutralising, so a quoted formula cannot escape its cell', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(toCsv([['-1+cmd', -12.5, '+81-90-1234-5678']])).toBe("'-1+cmd,-12.5,+81-90-1234-5678\r\n");
  });

  it('leaves numbers given as numbers alone', () => {
    expect(csvField(-3)).toBe('-3');
  });
});
