import { useEffect, useMemo } from 'react';
import { totalVotes, safeColor, type Item } from '@tsunagu/shared';
import { useT } from '../i18n/lang.js';
import { formatDateJa } from './printData.js';
import { E } from './strings.js';
import { usePrintData } from './usePrintData.js';
import { DiagramSvg, diagramOf, type DiagramInput } from './DiagramSvg.js';
import './boardImage.css';

/**
 * `/w/:id/print/board`: the board (columns and their notes) laid out for an image: one lane
 * per column, notes in board order (top to bottom, then left to right), category colour,
 * votes. The server screenshots it at print resolution into board.png.
 */
export function BoardImagePage({ workshopId }: { workshopId: string }) {
  const t = useT();
  const { data, error } = usePrintData(workshopId);
  const lanes = useMemo(() => {
    if (!data) return [];
    const catById = new Map(data.backup.categories.map((c) => [c.id, c]));
    const visible = data.backup.items.filter((i) => !catById.get(i.category)?.restricted);
    const order = (a: Item, b: Item) => a.y - b.y || a.x - b.x || a.createdAt - b.createdAt;
    return data.backup.columns.map((col) => ({
      col,
      notes: visible
        .filter((i) => i.column === col.id)
        .sort(order)
        .map((i) => ({ item: i, cat: catById.get(i.category) })),
    }));
  }, [data]);
  // 図式化: frames and connectors, drawn where they are on the board, below the lanes
  const diagram = useMemo<DiagramInput | null>(() => {
    if (!data) return null;
    const input = { items: data.backup.items, categories: data.backup.categories, groups: data.backup.groups ?? [], connectors: data.backup.connectors ?? [] };
    return diagramOf(input) ? input : null;
  }, [data]);
  useEffect(() => {
    if (!data) return;
    document.body.dataset.printReady = '1';
    return () => {
      delete document.body.dataset.printReady;
    };
  }, [data]);
  if (error) return <p className="error">{t(E.failed, { message: error })}</p>;
  if (!data) return <p>…</p>;
  return (
    <div className="board-image" data-testid="board-image">
      <header>
        <h1>{data.backup.meta.title}</h1>
        <span>{data.backup.meta.district}</span>
        <span>{formatDateJa(new Date())}</span>
      </header>
      <div className="board-lanes">
        {lanes.map(({ col, notes }) => (
          <section key={col.id} className="board-lane" style={{ background: safeColor(col.color, '#eceff1') }}>
            <h2>
              {col.label} <small>{notes.length}</small>
            </h2>
            {notes.map(({ item, cat }) => (
              <article key={item.id} className="board-note" style={{ borderLeftColor: safeColor(cat?.color, '#999999') }}>
                <p>{item.text}</p>
                <footer>
                  <span>{cat ? `${cat.icon ?? ''}${cat.label}` : ''}</span>
                  {totalVotes(item) > 0 && <span className="board-votes">{'●'.repeat(Math.min(totalVotes(item), 10))} {totalVotes(item)}</span>}
                </footer>
              </article>
            ))}
          </section>
        ))}
      </div>
      {diagram && (
        <section className="board-diagram">
          <h2>{t(E.diagram)}</h2>
          <DiagramSvg input={diagram} />
        </section>
      )}
    </div>
  );
}
