import type * as Y from 'yjs';
import { columnsArray, toYMap } from './roots.js';
import { checkColor, checkId, checkString, type Problems } from './validate.js';

/** A lane on the board. Stored as Y.Map `{id, label, color}` in the `columns` Y.Array. */
export interface Column {
  id: string;
  label: string;
  color: string;
}

export function validateColumn(c: unknown): Problems {
  const p: Problems = [];
  if (typeof c !== 'object' || c === null) return ['column must be an object'];
  const r = c as Record<string, unknown>;
  checkId(p, 'column.id', r.id);
  checkString(p, 'column.label', r.label, 60);
  checkColor(p, 'column.color', r.color);
  return p;
}

export function columnToYMap(c: Column): Y.Map<unknown> {
  return toYMap({ id: c.id, label: c.label, color: c.color });
}

export function readColumns(doc: Y.Doc): Column[] {
  return columnsArray(doc)
    .toArray()
    .map((m) => ({
      id: String(m.get('id') ?? ''),
      label: String(m.get('label') ?? ''),
      color: String(m.get('color') ?? '#eeeeee'),
    }));
}
