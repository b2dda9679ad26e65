import { useRef, useState, type ChangeEvent } from 'react';
import type * as Y from 'yjs';
import { AREA_KIND_LABELS, AREA_KINDS, areasFromGeoJson, importAreas, removeArea, updateArea, type Area, type AreaKind } from '@tsunagu/shared';
import { useLang, useT } from '../i18n/lang.js';
import { M } from './mapStrings.js';
import { MIN_POINTS } from './ringEdit.js';

/**
 * Area tools: the filter (everyone), and for staff: import outlines from a GeoJSON file,
 * start drawing one, and rename / re-kind / delete the one being edited (its shape is edited
 * on the map, AreaShapeEditor; the corner selected there can be deleted here).
 */
export interface AreaPanelProps {
  doc: Y.Doc;
  areas: readonly Area[];
  filterId: string | null;
  onFilter(id: string | null): void;
  canEdit: boolean;
  /** The live area being edited (read from the document, not a snapshot). */
  editing: Area | null;
  onEdit(area: Area | null): void;
  onDraw(): void;
  selectedVertex: number | null;
  onDeleteVertex(): void;
}

export function AreaPanel({ doc, areas, filterId, onFilter, canEdit, editing, onEdit, onDraw, selectedVertex, onDeleteVertex }: AreaPanelProps) {
  const t = useT();
  const { lang } = useLang();
  const file = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<string | null>(null);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (!f) return;
    try {
      const { areas: drafts, problems } = areasFromGeoJson(JSON.parse(await f.text()) as unknown);
      if (drafts.length > 0) importAreas(doc, drafts);
      setMessage([t(M.imported, { n: drafts.length }), problems.length ? t(M.importProblems, { list: problems.join('; ') }) : ''].filter(Boolean).join(' '));
    } catch (err) {
      setMessage(t(M.importFailed, { message: err instanceof Error ? err.message : String(err) }));
    }
  };

  return (
    <div className="tg-areas" data-testid="area-panel">
      <label className="tg-area-filter">
        <span>{t(M.areaFilter)}</span>
        <select value={filterId ?? ''} data-testid="area-filter" onChange={(e) => onFilter(e.target.value || null)}>
          <option value="">{t(M.allAreas)}</option>
          {areas.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}（{AREA_KIND_LABELS[a.kind][lang]}）
            </option>
          ))}
        </select>
      </label>
      {canEdit && (
        <div className="tg-area-tools">
          <button className="btn" type="button" data-testid="area-import" onClick={() => file.current?.click()}>
            📂 {t(M.importGeoJson)}
          </button>
          <input ref={file} type="file" accept=".geojson,.json,application/geo+json,application/json" hidden data-testid="area-file" onChange={onFile} />
          <button className="btn" type="button" data-testid="area-draw" onClick={onDraw}>
            ✏️ {t(M.drawArea)}
          </button>
        </div>
      )}
      {message && (
        <p className="tg-area-message" role="status" data-testid="area-message">
          {message}
        </p>
      )}
      {canEdit && editing && (
        <AreaEditor key={editing.id} doc={doc} area={editing} onClose={() => onEdit(null)} selectedVertex={selectedVertex} onDeleteVertex={onDeleteVertex} />
      )}
    </div>
  );
}

interface AreaEditorProps {
  doc: Y.Doc;
  area: Area;
  onClose(): void;
  selectedVertex: number | null;
  onDeleteVertex(): void;
}

function AreaEditor({ doc, area, onClose, selectedVertex, onDeleteVertex }: AreaEditorProps) {
  const t = useT();
  const { lang } = useLang();
  const [name, setName] = useState(area.name);
  const composing = useRef(false);
  const commitName = () => {
    const v = name.trim();
    if (v && v !== area.name) updateArea(doc, area.id, { name: v });
  };
  return (
    <div className="tg-area-editor" data-testid="area-editor">
      <strong>{t(M.editArea)}</strong>
      <label>
        {t(M.areaName)}
        <input
          value={name}
          data-testid="area-name"
          onChange={(e) => setName(e.target.value)}
          onCompositionStart={() => (composing.current = true)}
          onCompositionEnd={() => setTimeout(() => (composing.current = false), 0)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.nativeEvent.isComposing && !composing.current && e.keyCode !== 229) commitName();
          }}
          onBlur={commitName}
        />
      </label>
      <label>
        {t(M.areaKind)}
        <select value={area.kind} onChange={(e) => updateArea(doc, area.id, { kind: e.target.value as AreaKind })}>
          {AREA_KINDS.map((k) => (
            <option key={k} value={k}>
              {AREA_KIND_LABELS[k][lang]}
            </option>
          ))}
        </select>
      </label>
      <p className="tg-area-shape-hint" data-testid="area-shape-hint">
        {t(M.shapeHint)}
      </p>
      <button
        className="btn"
        type="button"
        data-testid="area-delete-point"
        disabled={selectedVertex === null || area.polygon.length <= MIN_POINTS}
        title={area.polygon.length <= MIN_POINTS ? t(M.minPoints) : undefined}
        onClick={onDeleteVertex}
      >
        {t(M.deletePoint)}
      </button>
      <div className="tg-area-editor-actions">
        <button
          className="btn"
          type="button"
          onClick={() => {
            removeArea(doc, area.id);
            onClose();
          }}
        >
          🗑 {t(M.deleteArea)}
        </button>
        <button className="btn" type="button" onClick={onClose}>
          {t(M.close)}
        </button>
      </div>
    </div>
  );
}
