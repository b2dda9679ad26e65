import { useCallback, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';

const KEY = 'tsunagu.split';
const MIN = 0.25;
const MAX = 0.8;
const clamp = (f: number) => Math.min(MAX, Math.max(MIN, f));

function initialFraction(): number {
  const v = Number(localStorage.getItem(KEY));
  return Number.isFinite(v) && v > 0 ? clamp(v) : 0.6;
}

/**
 * Board and map side by side with a handle to drag (or arrow keys) between them. The share
 * is session state: kept in localStorage, never in the document.
 */
export function SplitPane({ left, right, label }: { left: ReactNode; right: ReactNode; label: string }) {
  const [fraction, setFraction] = useState(initialFraction);
  const container = useRef<HTMLDivElement>(null);
  const commit = useCallback((f: number) => {
    const c = clamp(f);
    setFraction(c);
    localStorage.setItem(KEY, String(c));
    // Leaflet and Konva measure their containers on resize
    window.dispatchEvent(new Event('resize'));
  }, []);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!e.currentTarget.hasPointerCapture(e.pointerId) || !container.current) return;
    const box = container.current.getBoundingClientRect();
    commit((e.clientX - box.left) / box.width);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'ArrowLeft') commit(fraction - 0.05);
    else if (e.key === 'ArrowRight') commit(fraction + 0.05);
    else return;
    e.preventDefault();
  };
  return (
    <div className="desktop-main" ref={container} data-testid="split">
      <section className="board-slot" style={{ flex: `0 0 calc(${(fraction * 100).toFixed(1)}% - 5px)` }}>
        {left}
      </section>
      <div
        className="split-handle"
        role="separator"
        aria-orientation="vertical"
        aria-label={label}
        aria-valuemin={MIN * 100}
        aria-valuemax={MAX * 100}
        aria-valuenow={Math.round(fraction * 100)}
        tabIndex={0}
        data-testid="split-handle"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onKeyDown={onKeyDown}
      />
      <section className="map-slot">{right}</section>
    </div>
  );
}
