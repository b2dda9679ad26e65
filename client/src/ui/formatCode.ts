/** "123456" → "123 456": easier to read aloud and to copy from a projector. */
export function formatCode(code: string): string {
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}
