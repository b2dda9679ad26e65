/**
 * Minimal edit between two strings (common prefix and suffix), so typing in a textarea
 * becomes a small insert/delete on the Y.Text and concurrent typing merges. Never splits
 * a UTF-16 surrogate pair.
 */
export interface Edit {
  index: number;
  remove: number;
  insert: string;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

export function diffText(before: string, after: string): Edit | null {
  if (before === after) return null;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  if (start > 0 && isHigh(before.charCodeAt(start - 1))) start--;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  if (endB < before.length && isLow(before.charCodeAt(endB))) {
    endB++;
    endA++;
  }
  return { index: start, remove: endB - start, insert: after.slice(start, endA) };
}

/** Move a caret index through a Yjs text delta (remote change). */
export function transformIndex(delta: readonly { retain?: number; insert?: unknown; delete?: number }[], index: number): number {
  let pos = 0;
  let out = index;
  for (const op of delta) {
    if (pos > index) break;
    if (op.retain !== undefined) pos += op.retain;
    else if (op.insert !== undefined) {
      const n = typeof op.insert === 'string' ? op.insert.length : 1;
      if (pos <= index) out += n;
      pos += n;
    } else if (op.delete !== undefined) {
      const removedBefore = Math.max(0, Math.min(op.delete, index - pos));
      out -= removedBefore;
      index -= removedBefore;
    }
  }
  return out;
}
