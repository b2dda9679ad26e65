import { useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { categoriesArray, readCategories } from '@tsunagu/shared';
import { useYVersion } from '../sync/useYVersion.js';
import { useLang, useT } from '../i18n/lang.js';
import { uploadImport, type ImportAnswer } from './exportApi.js';
import { E } from './strings.js';

/** Pick a CSV/GeoJSON file and a category, check it (dry run), then import; rows that cannot be placed are listed. */
export function ImportSection({ workshopId, token, doc }: { workshopId: string; token: string; doc: Y.Doc | null }) {
  const t = useT();
  const { lang } = useLang();
  const version = useYVersion(doc ? (categoriesArray(doc) as unknown as Y.AbstractType<unknown>) : null);
  // `version` changes when the categories change: re-read them then.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const categories = useMemo(() => (doc ? readCategories(doc) : []).filter((c) => !c.restricted), [doc, version]);
  const ordered = [...categories.filter((c) => c.kind === 'resource'), ...categories.filter((c) => c.kind !== 'resource')];
  const [file, setFile] = useState<File | null>(null);
  const [category, setCategory] = useState('shisetsu');
  const [answer, setAnswer] = useState<ImportAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setAnswer(await uploadImport(workshopId, token, file, category, dryRun));
    } catch (err) {
      setError(t(E.failed, { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card export-section" aria-labelledby="import-h">
      <h2 id="import-h">{t(E.importTitle)}</h2>
      <p className="muted">{t(E.importHelp)}</p>
      <label className="export-field">
        <span>{t(E.chooseFile)}</span>
        <input
          type="file"
          accept=".csv,.geojson,.json,text/csv,application/geo+json"
          data-testid="import-file"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setAnswer(null);
          }}
        />
      </label>
      <label className="export-field">
        <span>{t(E.category)}</span>
        <select value={category} onChange={(e) => setCategory(e.target.value)} data-testid="import-category">
          {ordered.map((c) => (
            <option key={c.id} value={c.id}>
              {c.icon ? `${c.icon} ` : ''}
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <div className="export-buttons">
        <button type="button" className="btn btn-big" disabled={!file || busy} onClick={() => void run(true)} data-testid="import-preview">
          {t(E.preview)}
        </button>
        <button
          type="button"
          className="btn btn-big btn-primary"
          disabled={!file || busy || !answer?.dryRun || answer.placeable === 0}
          onClick={() => void run(false)}
          data-testid="import-run"
        >
          {busy ? t(E.importing) : t(E.doImport, { n: answer?.placeable ?? 0 })}
        </button>
      </div>
      {error && <p className="error">{error}</p>}
      {answer && (
        <div data-testid="import-result" data-added={answer.added} data-dry-run={String(answer.dryRun)}>
          <p className="export-ok">
            {answer.dryRun
              ? t(E.previewResult, { total: answer.total, ok: answer.placeable })
              : t(E.importResult, { added: answer.added, present: answer.alreadyPresent })}
          </p>
          {answer.problems.length > 0 && (
            <>
              <h3>{t(E.problemsTitle)}</h3>
              <ul className="import-problems" data-testid="import-problems">
                {answer.problems.map((p) => (
                  <li key={`${p.line}-${p.reason}`}>
                    {t(E.line, { n: p.line })}　<strong>{p.name || '—'}</strong>　{p.message[lang]}
                  </li>
                ))}
              </ul>
              {(answer.moreProblems ?? 0) > 0 && <p data-testid="import-more-problems">{t(E.moreProblems, { n: answer.moreProblems ?? 0 })}</p>}
            </>
          )}
        </div>
      )}
    </section>
  );
}
