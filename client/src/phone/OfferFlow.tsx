import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { checkPrivacy, MAX_OFFER_TEXT, PRIVACY_MESSAGES, privacyMessageKeys, safeColor, type Area, type Category, type Offer } from '@tsunagu/shared';
import { useLang, useT } from '../i18n/lang.js';
import { getToken } from '../sync/tokenStore.js';
import { ImeInput } from '../ui/ImeInput.js';
import { O, OFFER_EXAMPLES } from './offerStrings.js';

/**
 * 「私にできること」 on the phone: the kind of help (a need category: offers are matched to needs
 * of the same category), a rough area (one of the workshop's areas, never a house), a few
 * words (typed through the IME or picked from examples), sent to the server, which keeps who
 * offered for staff only (POST /api/workshops/:id/offers). The resident sees her own offers
 * and can withdraw them.
 */
async function call<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: { Accept: 'application/json', Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const answer = (await res.json().catch(() => ({}))) as { error?: string; errorJa?: string };
  if (!res.ok) throw new Error(answer.errorJa ?? answer.error ?? `HTTP ${res.status}`);
  return answer as T;
}

export function OfferFlow({ doc, workshopId, categories, areas, onDone }: { doc: Y.Doc; workshopId: string; categories: readonly Category[]; areas: readonly Area[]; onDone(): void }) {
  const t = useT();
  const { lang } = useLang();
  void doc;
  const [category, setCategory] = useState<string | null>(null);
  const [areaId, setAreaId] = useState<string>('');
  const [text, setText] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: string; sent: boolean }>({ busy: false, error: '', sent: false });
  const [mine, setMine] = useState<Offer[]>([]);
  const token = getToken(workshopId) ?? '';
  const reload = () => {
    if (token) void call<{ offers: Offer[] }>('GET', `/api/workshops/${workshopId}/offers/mine`, token).then((r) => setMine(r.offers), () => undefined);
  };
  useEffect(reload, [workshopId, token]);
  const needs = categories.filter((c) => c.kind === 'need' && !c.restricted);
  const privacy = checkPrivacy(text);
  const send = async () => {
    if (!category) return;
    if (!text.trim()) return setState({ busy: false, error: t(O.empty), sent: false });
    setState({ busy: true, error: '', sent: false });
    try {
      await call('POST', `/api/workshops/${workshopId}/offers`, token, { text: text.trim(), category, ...(areaId ? { areaId } : {}) });
      setState({ busy: false, error: '', sent: true });
      setText('');
      reload();
    } catch (e) {
      setState({ busy: false, error: t(O.failed, { message: (e as Error).message }), sent: false });
    }
  };
  const withdraw = async (id: string) => {
    await call('DELETE', `/api/workshops/${workshopId}/offers/${id}`, token).catch(() => undefined);
    reload();
  };

  if (state.sent)
    return (
      <div className="ph ph-done" data-testid="offer-sent">
        <p className="ph-done-msg">🤝 {t(O.sent)}</p>
        <button type="button" className="btn btn-primary btn-big btn-wide" data-testid="offer-home" onClick={onDone}>
          {t(O.home)}
        </button>
        <MyOffers offers={mine} categories={categories} onWithdraw={withdraw} />
      </div>
    );
  return (
    <div className="ph ph-offer" data-testid="phone-offer">
      <div className="ph-steps">
        <button type="button" className="btn ph-back" data-testid="offer-back" onClick={() => (category ? setCategory(null) : onDone())}>
          {t(O.back)}
        </button>
        <h2 className="ph-offer-title">🤝 {t(O.title)}</h2>
      </div>
      {!category ? (
        <>
          <h3>{t(O.whatKind)}</h3>
          <div className="ph-cat-grid" data-testid="offer-categories">
            {needs.map((c) => (
              <button key={c.id} type="button" className="ph-cat" style={{ borderColor: safeColor(c.color) }} data-testid={`offer-cat-${c.id}`} onClick={() => setCategory(c.id)}>
                <span className="ph-cat-icon" style={{ background: safeColor(c.color) }} aria-hidden>
                  {c.icon}
                </span>
                <span className="ph-cat-label">{c.label}</span>
              </button>
            ))}
          </div>
          <MyOffers offers={mine} categories={categories} onWithdraw={withdraw} />
        </>
      ) : (
        <>
          <p className="ph-offer-kind" data-testid="offer-kind">
            {categories.find((c) => c.id === category)?.icon} {categories.find((c) => c.id === category)?.label}
          </p>
          {areas.length > 0 && (
            <label className="ph-offer-field">
              <span>{t(O.where)}</span>
              <select className="ph-offer-select" value={areaId} onChange={(e) => setAreaId(e.target.value)} data-testid="offer-area">
                <option value="">{t(O.anywhere)}</option>
                {areas.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <div className="ph-offer-field">
            <span>{t(O.examples)}</span>
            <div className="ph-offer-examples">
              {OFFER_EXAMPLES.map((ex) => (
                <button key={ex} type="button" className="btn ph-chip" onClick={() => setText((v) => (v ? `${v}、${ex}` : ex))}>
                  {ex}
                </button>
              ))}
            </div>
          </div>
          <label className="ph-offer-field">
            <span>{t(O.text)}</span>
            <ImeInput multiline className="ph-text" data-testid="offer-text" maxLength={MAX_OFFER_TEXT} value={text} onChange={setText} onCommit={() => void send()} />
          </label>
          {privacy.warn && (
            <div className="ph-warn" role="alert" data-testid="offer-privacy">
              {privacyMessageKeys(privacy).map((k) => (
                <p key={k}>{PRIVACY_MESSAGES[k][lang]}</p>
              ))}
            </div>
          )}
          <p className="ph-offer-who">{t(O.who)}</p>
          {state.error && (
            <p className="error" role="alert" data-testid="offer-error">
              {state.error}
            </p>
          )}
          <button type="button" className="btn btn-primary btn-big btn-wide" data-testid="offer-send" disabled={state.busy} onClick={() => void send()}>
            {state.busy ? t(O.sending) : t(O.send)}
          </button>
        </>
      )}
    </div>
  );
}

function MyOffers({ offers, categories, onWithdraw }: { offers: readonly Offer[]; categories: readonly Category[]; onWithdraw(id: string): void }) {
  const t = useT();
  if (!offers.length) return null;
  return (
    <section className="ph-mine" data-testid="my-offers">
      <h3>{t(O.mine)}</h3>
      <ul>
        {offers.map((o) => (
          <li key={o.id}>
            {categories.find((c) => c.id === o.category)?.icon} {o.text}
            <button type="button" className="btn btn-small" onClick={() => onWithdraw(o.id)}>
              {t(O.withdraw)}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
