import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import {
  CONNECTOR_ARROW_LABELS,
  CONNECTOR_ARROWS,
  CONNECTOR_STYLE_LABELS,
  CONNECTOR_STYLES,
  deleteConnectors,
  MAX_CONNECTOR_LABEL,
  restyleConnectors,
  type Connector,
} from '@tsunagu/shared';
import { D } from '../i18n/diagram.js';
import { useLang, useT } from '../i18n/lang.js';
import { ImeInput } from '../ui/ImeInput.js';

/**
 * The selected connector's tools (staff and facilitator): line style, arrowheads, a label
 * typed through the IME (saved on Enter or when the field loses focus), delete. Each change
 * is one undo step, like every other edit.
 */
export function ConnectorPanel({ doc, connector, onClose }: { doc: Y.Doc; connector: Connector; onClose(): void }) {
  const t = useT();
  const { lang } = useLang();
  const [label, setLabel] = useState(connector.label);
  useEffect(() => setLabel(connector.label), [connector.id, connector.label]);
  const saveLabel = (v: string) => {
    if (v.trim() !== connector.label) restyleConnectors(doc, [connector.id], { label: v });
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && (e.target.tagName === 'TEXTAREA' || e.target.tagName === 'INPUT');
      if (typing || e.isComposing) return;
      if (e.key === 'Delete' || e.key === 'Backspace') {
        e.preventDefault();
        deleteConnectors(doc, [connector.id]);
        onClose();
      } else if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [doc, connector.id, onClose]);
  return (
    <div className="connector-panel" data-testid="connector-panel" role="dialog" aria-label={t(D.panel)}>
      <div className="connector-row" role="group" aria-label={t(D.style)}>
        {CONNECTOR_STYLES.map((s) => (
          <button
            key={s}
            type="button"
            className={`btn btn-small${connector.style === s ? ' btn-primary' : ''}`}
            aria-pressed={connector.style === s}
            data-testid={`connector-style-${s}`}
            onClick={() => restyleConnectors(doc, [connector.id], { style: s })}
          >
            {CONNECTOR_STYLE_LABELS[s][lang]}
          </button>
        ))}
      </div>
      <div className="connector-row" role="group" aria-label={t(D.arrow)}>
        {CONNECTOR_ARROWS.map((a) => (
          <button
            key={a}
            type="button"
            className={`btn btn-small${connector.arrow === a ? ' btn-primary' : ''}`}
            aria-pressed={connector.arrow === a}
            data-testid={`connector-arrow-${a}`}
            onClick={() => restyleConnectors(doc, [connector.id], { arrow: a })}
          >
            {CONNECTOR_ARROW_LABELS[a][lang]}
          </button>
        ))}
      </div>
      <label className="connector-row connector-label">
        <span>{t(D.label)}</span>
        <ImeInput
          data-testid="connector-label"
          className="connector-label-input"
          placeholder={t(D.labelHint)}
          maxLength={MAX_CONNECTOR_LABEL}
          value={label}
          onChange={setLabel}
          onCommit={saveLabel}
          onBlur={() => saveLabel(label)}
        />
      </label>
      <div className="connector-row">
        <button
          type="button"
          className="btn btn-small"
          data-testid="connector-delete"
          onClick={() => {
            deleteConnectors(doc, [connector.id]);
            onClose();
          }}
        >
          🗑 {t(D.del)}
        </button>
        <button type="button" className="btn btn-small" data-testid="connector-close" onClick={onClose}>
          {t(D.close)}
        </button>
      </div>
    </div>
  );
}
