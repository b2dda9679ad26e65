import { useRef, useState, type FormEvent } from 'react';
import { JOIN_CODE_PATTERN, PARTICIPANT_KINDS } from '@tsunagu/shared';
import { S } from '../i18n/common.js';
import { useLang, useT } from '../i18n/lang.js';
import { navigate } from '../router.js';
import { ApiError, api } from '../sync/api.js';
import { A } from './accessStrings.js';
import { setToken } from '../sync/tokenStore.js';
import { normalizeJoinCode } from '../ui/joinCode.js';
import { LangSwitch } from '../ui/LangSwitch.js';

/** `/join?code=NNNNNN`: nickname and "who are you" as large buttons, then the board. No account. */
export function JoinPage({ initialCode }: { initialCode: string }) {
  const t = useT();
  const { lang } = useLang();
  const [code, setCode] = useState(normalizeJoinCode(initialCode));
  // While an IME composes (full-width digits typed in Japanese mode) the raw text is kept as is;
  // it is normalised once the composition ends (changing it mid-composition breaks the IME).
  const composing = useRef(false);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const joinCode = normalizeJoinCode(code);
    if (!JOIN_CODE_PATTERN.test(joinCode)) return setError(t(S.badCode));
    if (!name.trim()) return setError(t(S.needName));
    if (!kind) return setError(t(S.needKind));
    setBusy(true);
    setError(null);
    try {
      const r = await api.join({ code: joinCode, name: name.trim(), role: kind });
      setToken(r.workshopId, r.token);
      navigate(`/w/${r.workshopId}`);
    } catch (err) {
      setError(joinErrorText(err, t));
      setBusy(false);
    }
  };

  return (
    <main className="page page-narrow join">
      <header className="page-head">
        <h1>{t(S.joinTitle)}</h1>
        <LangSwitch />
      </header>
      <form onSubmit={submit} className="join-form">
        <label className="field">
          <span>{t(S.codeLabel)}</span>
          <input
            className="code-input"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={16}
            data-testid="join-code-input"
            value={code}
            onCompositionStart={() => {
              composing.current = true;
            }}
            onCompositionEnd={(e) => {
              composing.current = false;
              setCode(normalizeJoinCode(e.currentTarget.value));
            }}
            onChange={(e) => setCode(composing.current ? e.target.value : normalizeJoinCode(e.target.value))}
          />
        </label>
        <label className="field">
          <span>{t(S.nameLabel)}</span>
          <input
            data-testid="join-name"
            maxLength={40}
            value={name}
            placeholder={t(S.namePlaceholder)}
            onChange={(e) => setName(e.target.value)}
          />
          <small className="muted">{t(S.nameHint)}</small>
        </label>
        <fieldset className="field kinds">
          <legend>{t(S.whoLabel)}</legend>
          <div className="kind-grid">
            {PARTICIPANT_KINDS.map((k) => (
              <button
                key={k.id}
                type="button"
                className={`kind-btn${kind === k.id ? ' selected' : ''}`}
                aria-pressed={kind === k.id}
                data-testid={`kind-${k.id}`}
                onClick={() => setKind(k.id)}
              >
                {k[lang]}
              </button>
            ))}
          </div>
        </fieldset>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-big btn-wide" disabled={busy} data-testid="join-submit">
          {busy ? t(S.joining) : t(S.joinButton)}
        </button>
      </form>
    </main>
  );
}

/** A refused join in plain words: wrong code, closed or expired code, too many tries. */
function joinErrorText(err: unknown, t: ReturnType<typeof useT>): string {
  if (err instanceof ApiError) {
    if (err.status === 404) return t(A.noSuchCode);
    if (err.status === 410) return t(A.codeClosed);
    if (err.status === 429) return t(A.tooMany, { seconds: Number(/(\d+) s/.exec(err.message)?.[1] ?? 60) });
  }
  return t(S.error, { message: err instanceof Error ? err.message : String(err) });
}
