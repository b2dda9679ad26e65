import iconv from 'iconv-lite';

/**
 * Text encodings for files that leave or enter tsunagu. Excel in Japan opens CSV as UTF-8
 * only with a BOM, and older tools expect CP932 (Shift_JIS with Microsoft's extensions).
 * CP932 cannot hold every character (髙 in 髙橋, 𠮷 in 𠮷野家, emoji); rather than write "?"
 * (or refuse the whole file for one emoji) the export writes 〓 (げた, the customary mark for a
 * missing character) in their place and lists them, so the coordinator sees what changed.
 */
export type CsvCharset = 'utf-8' | 'cp932';

export class Cp932Error extends Error {
  constructor(readonly characters: string[]) {
    super(`CP932 (Shift_JIS) cannot hold these characters: ${characters.join(' ')}; use UTF-8 instead`);
    this.name = 'Cp932Error';
  }
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function parseCharset(value: string | null): CsvCharset {
  const v = (value ?? '').toLowerCase().replace(/[_-]/g, '');
  return v === 'cp932' || v === 'shiftjis' || v === 'sjis' || v === 'windows31j' ? 'cp932' : 'utf-8';
}

/**
 * Lead bytes of the IBM extension areas of CP932 (0xED–0xEE NEC-selected, 0xFA–0xFC IBM).
 * iconv maps 髙 and 﨑 there, but they are 機種依存文字: systems that read "Shift_JIS"
 * strictly (many municipal back-office tools) turn them into garbage, so we treat them as
 * characters CP932 export cannot hold safely.
 */
const IBM_EXTENSION_LEAD = new Set([0xed, 0xee, 0xfa, 0xfb, 0xfc]);

/** Characters of `text` that CP932 cannot hold (or holds only in the IBM extension areas), each once. */
export function unrepresentableInCp932(text: string): string[] {
  const bad: string[] = [];
  for (const ch of new Set(Array.from(text))) {
    if (ch === '\r' || ch === '\n') continue;
    const bytes = iconv.encode(ch, 'cp932');
    if (iconv.decode(bytes, 'cp932') !== ch || (bytes.length === 2 && IBM_EXTENSION_LEAD.has(bytes[0]!))) bad.push(ch);
  }
  return bad;
}

/** UTF-8 with BOM (default) or CP932; throws Cp932Error listing what CP932 cannot hold. */
export function encodeText(text: string, charset: CsvCharset): Buffer {
  if (charset === 'utf-8') return Buffer.concat([BOM, Buffer.from(text, 'utf8')]);
  const bad = unrepresentableInCp932(text);
  if (bad.length > 0) throw new Cp932Error(bad);
  return iconv.encode(text, 'cp932');
}

/** What CP932 export writes in place of a character it cannot hold (〓, 0x81AC in CP932). */
export const CP932_REPLACEMENT = '〓';

/**
 * UTF-8 with BOM, or CP932 with every character CP932 cannot hold (safely) replaced by 〓;
 * `replaced` lists those characters, each once, in order of appearance.
 */
export function encodeTextReplacing(text: string, charset: CsvCharset): { body: Buffer; replaced: string[] } {
  if (charset === 'utf-8') return { body: encodeText(text, charset), replaced: [] };
  const replaced = unrepresentableInCp932(text);
  if (replaced.length === 0) return { body: iconv.encode(text, 'cp932'), replaced };
  const bad = new Set(replaced);
  const safe = Array.from(text, (ch) => (bad.has(ch) ? CP932_REPLACEMENT : ch)).join('');
  return { body: iconv.encode(safe, 'cp932'), replaced };
}

/**
 * Decode an uploaded file: a UTF-8 BOM or valid UTF-8 is UTF-8; anything else is read as
 * CP932 (the other encoding Japanese municipal portals publish in).
 */
export function decodeUpload(buf: Buffer): { text: string; encoding: 'utf-8' | 'cp932' } {
  if (buf.subarray(0, 3).equals(BOM)) return { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(buf, 'cp932'), encoding: 'cp932' };
  }
}
