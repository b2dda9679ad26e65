import { useMemo } from 'react';
import type * as Y from 'yjs';
import {
  categoriesArray,
  columnsArray,
  connectorsMap,
  groupsMap,
  itemsMap,
  metaMap,
  readCategories,
  readColumns,
  readConnectors,
  readGroups,
  readItems,
  readMeta,
  readVote,
  type Item,
} from '@tsunagu/shared';
import { useYVersion } from '../sync/useYVersion.js';

/** A note on the board, with the document it lives in (restricted notes only for staff). */
export interface BoardNote extends Item {
  restricted: boolean;
}

type AnyType = Y.AbstractType<unknown>;

/** Everything the board draws, re-read when the documents change. */
/**
 * `hideHeld` (projector and viewers, issue 17): notes held back for a sensitive word are left
 * out until staff release them (the document still holds them: a viewer's socket receives them).
 * `heldOwner` (a participant): held notes are shown only when this user wrote them.
 */
export function useBoardData(doc: Y.Doc, restrictedDoc: Y.Doc | null, opts: { includeRestricted: boolean; hideHeld?: boolean; heldOwner?: string }) {
  const vItems = useYVersion(itemsMap(doc) as unknown as AnyType);
  const vRItems = useYVersion(restrictedDoc && opts.includeRestricted ? (itemsMap(restrictedDoc) as unknown as AnyType) : null);
  const vCols = useYVersion(columnsArray(doc) as unknown as AnyType);
  const vCats = useYVersion(categoriesArray(doc) as unknown as AnyType);
  const vMeta = useYVersion(metaMap(doc) as unknown as AnyType);
  const vGroups = useYVersion(groupsMap(doc) as unknown as AnyType);
  const vConnectors = useYVersion(connectorsMap(doc) as unknown as AnyType);

  const all = useMemo(() => {
    const pub: BoardNote[] = readItems(doc, { includeDeleted: true })
      .filter((i) => !(i.held && (opts.hideHeld || (opts.heldOwner !== undefined && i.authorId !== opts.heldOwner))))
      .map((i) => ({ ...i, restricted: false }));
    const res: BoardNote[] =
      restrictedDoc && opts.includeRestricted ? readItems(restrictedDoc, { includeDeleted: true }).map((i) => ({ ...i, restricted: true })) : [];
    return pub.concat(res);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, restrictedDoc, opts.includeRestricted, opts.hideHeld, opts.heldOwner, vItems, vRItems]);
  const notes = useMemo(() => all.filter((n) => n.deletedAt === undefined), [all]);
  const trash = useMemo(() => all.filter((n) => n.deletedAt !== undefined && n.text.trim() !== ''), [all]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const columns = useMemo(() => readColumns(doc), [doc, vCols]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const categories = useMemo(() => readCategories(doc), [doc, vCats]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const meta = useMemo(() => ({ ...readMeta(doc), vote: readVote(doc) }), [doc, vMeta]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const groups = useMemo(() => readGroups(doc), [doc, vGroups]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const connectors = useMemo(() => readConnectors(doc).filter((c) => c.deletedAt === undefined && c.from !== c.to), [doc, vConnectors]);
  return { notes, trash, columns, categories, meta, groups, connectors };
}

export type BoardData = ReturnType<typeof useBoardData>;

export function docOf(note: Pick<BoardNote, 'restricted'>, doc: Y.Doc, restrictedDoc: Y.Doc | null): Y.Doc {
  return note.restricted && restrictedDoc ? restrictedDoc : doc;
}
