import { useCallback, useEffect, useState } from 'react';
import { useLang, useT } from '../i18n/lang.js';
import { ImeInput } from '../ui/ImeInput.js';
import { historyApi, type VersionInfo, type VersionPreview } from './historyApi.js';
import { H } from './historyStrings.js';

/**
 * The facilitator's history panel: save a named version (「休憩前」), list saved versions with
 * time and item count (automatic ones marked), preview one read-only, and restore one after a
 * confirmation. A restore is a change on top; the state before it is saved as 「復元前」.
 */
export interface HistoryPanelProps {
  workshopId: string;
  /** Facilitator token (saving and restoring are facilitator-only). */
  token: string;
}

export function HistoryPanel({ workshopId, token }: HistoryPanelProps) {
  const t = useT();
  const { lang } = useLang();
  const [versions, setVersions] = useState<VersionInfo[]>([]);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [preview, setPreview] = useState<VersionPreview | null>(null);
  const [confirming, setConfirming] = useState<VersionInfo | null>(null);

  const fail = useCallback((err: unknown) => setMessage(t(H.error, { message: (err as Error).message })), [t]);
  const reload = useCallback(() => historyApi.list(workshopId, token).then(setVersions, fail), [workshopId, token, fail]);
  useEffect(() => {
    let live = true;
    historyApi.list(workshopId, token).then((v) => live && setVersions(v), (e: unknown) => live && fail(e));
    return () => {
      live = false;
    };
  }, [workshopId, token, fail]);

  const save = async (value: string) => {
    const n = value.trim();
    if (!n || busy) return;
    setBusy(true);
    try {
      await historyApi.save(workshopId, token, n);
      setName('');
      setMessage(t(H.saved, { name: n }));
      await reload();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };
  const restore = async (v: VersionInfo) => {
    setBusy(true);
    try {
      await historyApi.restore(workshopId, token, v.id);
      setConfirming(null);
      setPreview(null);
      setMessage(t(H.restored, { name: v.name }));
      await reload();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };
  const time = (ms: number) => new Date(ms).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

  return (
    <section className="card history-panel" data-testid="history-panel" style={{ fontSize: '1.05rem' }}>
      <div className="page-head">
        <h2 style={{ margin: 0 }}>{t(H.title)}</h2>
        <button className="btn" onClick={() => void reload()} style={{ marginRight: 48 }}>{t(H.refresh)}</button>
      </div>
      <label className="field">
        <span>{t(H.nameLabel)}</span>
        <div style={{ display: 'flex', gap: 8 }}>
          <ImeInput value={name} onChange={setName} onCommit={(v) => void save(v)} placeholder={t(H.namePlaceholder)} maxLength={60} style={{ flex: 1, fontSize: '1.1rem' }} data-testid="history-name" />
          <button className="btn btn-primary" disabled={busy || !name.trim()} onClick={() => void save(name)} data-testid="history-save">
            {busy ? t(H.saving) : t(H.save)}
          </button>
        </div>
      </label>
      {message && <p role="status" className="warn">{message}</p>}
      {versions.length === 0 ? (
        <p className="muted">{t(H.empty)}</p>
      ) : (
        <ol style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="history-list">
          {[...versions].reverse().map((v) => (
            <li key={v.id} style={{ display: 'flex', alignItems: 'center', gap: 10, flexWrap: 'wrap', padding: '8px 0', borderTop: '1px solid var(--line)' }}>
              <strong style={{ minWidth: '8em' }}>{v.name}</strong>
              {v.auto && <span className="badge">{t(H.auto)}</span>}
              <span className="muted">{time(v.createdAt)}</span>
              <span className="muted">{t(H.items, { n: v.itemCount })}</span>
              <span style={{ marginLeft: 'auto', display: 'flex', gap: 6 }}>
                <button className="btn" onClick={() => historyApi.preview(workshopId, token, v.id).then(setPreview, fail)}>{t(H.preview)}</button>
                <button className="btn" onClick={() => setConfirming(v)}>{t(H.restore)}</button>
              </span>
            </li>
          ))}
        </ol>
      )}
      {confirming && (
        <div role="alertdialog" className="warn" style={{ marginTop: 12 }}>
          <p>{t(H.confirm, { name: confirming.name })}</p>
          <div style={{ display: 'flex', gap: 8 }}>
            <button className="btn btn-primary" disabled={busy} onClick={() => void restore(confirming)} data-testid="history-confirm">{t(H.confirmYes)}</button>
            <button className="btn" onClick={() => setConfirming(null)}>{t(H.cancel)}</button>
          </div>
        </div>
      )}
      {preview && (
        <div style={{ marginTop: 12 }} data-testid="history-preview">
          <div className="page-head">
            <h3 style={{ margin: 0 }}>{t(H.previewHead, { name: preview.name })}</h3>
            <button className="btn" onClick={() => setPreview(null)}>{t(H.closePreview)}</button>
          </div>
          <ul style={{ maxHeight: 260, overflow: 'auto' }}>
            {preview.items.map((i) => (
              <li key={i.id}>{i.text}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
