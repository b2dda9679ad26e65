import { useEffect, useMemo } from 'react';
import { relationsOf } from '@tsunagu/shared';
import { useT } from '../i18n/lang.js';
import { DiagramSvg, diagramOf, type DiagramInput } from './DiagramSvg.js';
import { formatDateJa } from './printData.js';
import { E } from './strings.js';
import { usePrintData } from './usePrintData.js';
import './boardImage.css';
import './diagramPrint.css';

/**
 * `/w/:id/print/diagram?paper=A3|A4`: the 図式化 diagram on one landscape sheet, with its
 * relations listed as text underneath («坂道が多い → 買い物が大変»). Public content only.
 */
export function DiagramPrintPage({ workshopId, paper }: { workshopId: string; paper: 'A3' | 'A4' }) {
  const t = useT();
  const { data, error } = usePrintData(workshopId);
  const input = useMemo<DiagramInput | null>(
    () => (data ? { items: data.backup.items, categories: data.backup.categories, groups: data.backup.groups ?? [], connectors: data.backup.connectors ?? [] } : null),
    [data],
  );
  const relations = useMemo(() => {
    if (!data || !input) return [];
    const restricted = new Set(input.categories.filter((c) => c.restricted).map((c) => c.id));
    return relationsOf(
      input.items.filter((i) => !restricted.has(i.category)),
      input.groups,
      input.connectors,
    );
  }, [data, input]);
  useEffect(() => {
    if (!data) return;
    document.body.dataset.printReady = '1';
    return () => {
      delete document.body.dataset.printReady;
    };
  }, [data]);
  if (error) return <p className="error">{t(E.failed, { message: error })}</p>;
  if (!data || !input) return <p>…</p>;
  const has = diagramOf(input) !== null;
  return (
    <div className={`diagram-print paper-${paper}`} data-testid="diagram-print">
      <style>{`@page { size: ${paper} landscape; margin: 10mm; }`}</style>
      <header>
        <h1>{data.backup.meta.title}</h1>
        <span>{data.backup.meta.district}</span>
        <span>{t(E.diagram)}</span>
        <span>{formatDateJa(new Date())}</span>
        <button type="button" className="btn no-print" onClick={() => window.print()}>
          🖨 {t(E.diagramPrint)}
        </button>
      </header>
      {has ? <DiagramSvg input={input} testId="diagram-print-svg" /> : <p className="diagram-empty">{t(E.diagramEmpty)}</p>}
      {relations.length > 0 && (
        <section className="diagram-relations">
          <h2>{t(E.diagramRelations)}</h2>
          <ul>
            {relations.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
