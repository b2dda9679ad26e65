/**
 * Normalisation of cells from real municipal files: full-width digits, letters and spaces
 * (NFKC), stray spaces around values, and Japanese number punctuation.
 */

/** Trim ASCII and ideographic spaces and collapse runs of them to one space; line breaks are kept. */
export function cleanText(s: string | undefined): string {
  if (s === undefined) return '';
  return s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\u3000\u00a0]+/g, ' ').trim())
    .filter((line, i, all) => line !== '' || (i > 0 && i < all.length - 1))
    .join('\n')
    .trim();
}

/** For codes, numbers and phone numbers: NFKC (０-９ → 0-9, －/ー between digits → -), no spaces. */
export function cleanCode(s: string | undefined): string {
  if (s === undefined) return '';
  return s
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/(?<=\d)[ー−‐―ｰ](?=\d)/g, '-');
}

/** Parse a decimal degree written with full-width digits, spaces, or a trailing 度. */
export function parseDegree(s: string | undefined): number | undefined {
  const c = cleanCode(s).replace(/度$/, '').replace(/^\+/, '');
  if (c === '' || !/^-?\d+(\.\d+)?$/.test(c)) return undefined;
  const n = Number(c);
  return Number.isFinite(n) ? n : undefined;
}

/** Header key used for matching: NFKC, no spaces, lower case, no surrounding quotes or BOM. */
export function headerKey(s: string): string {
  return s
    .replace(/^\ufeff/, '')
    .normalize('NFKC')
    .replace(/[\s"'_・．.（）()]/g, '')
    .toLowerCase();
}

/** A short stable hash (FNV-1a, 2 × 32 bit) for source keys. Not cryptographic. */
export function stableHash(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return h1.toString(36).padStart(7, '0') + h2.toString(36).padStart(7, '0');
}
