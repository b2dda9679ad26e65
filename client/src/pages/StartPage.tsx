import { useState, type FormEvent } from 'react';
import { S } from '../i18n/common.js';
import { useT } from '../i18n/lang.js';
import { navigate, onLinkClick } from '../router.js';
import { api } from '../sync/api.js';
import { listRecent, setToken } from '../sync/tokenStore.js';
import { saveLinks } from '../sync/hostLinks.js';
import { LangSwitch } from '../ui/LangSwitch.js';
import { CoordinatorEntry } from '../city/CoordinatorEntry.js';

/** `/`: create a workshop (title, 小学校区) and go to its host page. */
export function StartPage() {
  const t = useT();
  const [title, setTitle] = useState('');
  const [district, setDistrict] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const recent = listRecent();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      const w = await api.createWorkshop({ title: title.trim(), district: district.trim() || undefined });
      setToken(w.id, w.facilitatorToken);
      saveLinks(w);
      navigate(`/w/${w.id}/host`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <main className="page page-narrow">
      <header className="page-head">
        <h1 className="brand">{t(S.appName)}</h1>
        <LangSwitch />
      </header>
      <p className="lead">{t(S.tagline)}</p>
      <form className="card" onSubmit={submit}>
        <h2>{t(S.createTitle)}</h2>
        <label className="field">
          <span>{t(S.titleLabel)}</span>
          <input
            name="title"
            data-testid="create-title"
            required
            maxLength={100}
            value={title}
            placeholder={t(S.titlePlaceholder)}
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t(S.districtLabel)}</span>
          <input
            name="district"
            data-testid="create-district"
            maxLength={100}
            value={district}
            placeholder={t(S.districtPlaceholder)}
            onChange={(e) => setDistrict(e.target.value)}
          />
        </label>
        {error && <p className="error">{t(S.error, { message: error })}</p>}
        <button type="submit" className="btn btn-primary btn-big" disabled={busy || !title.trim()} data-testid="create-submit">
          {busy ? t(S.creating) : t(S.create)}
        </button>
      </form>
      <CoordinatorEntry />
      <p>
        <a href="/join" onClick={onLinkClick} className="link-big">
          {t(S.joinInstead)}
        </a>
      </p>
      {recent.length > 0 && (
        <section className="card">
          <h2>{t(S.recent)}</h2>
          <ul className="recent">
            {recent.map((r) => (
              <li key={r.id}>
                <a href={r.role === 'facilitator' ? `/w/${r.id}/host` : `/w/${r.id}`} onClick={onLinkClick}>
                  {r.title}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
