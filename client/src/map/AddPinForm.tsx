import { useState } from 'react';
import L from 'leaflet';
import { Marker, useMapEvents } from 'react-leaflet';
import type * as Y from 'yjs';
import { addPin, checkPrivacy, localLabel, POOL_COLUMN, slotForNewNote, PRIVACY_MESSAGES, privacyMessageKeys, type Category, type PrivacyReport } from '@tsunagu/shared';
import { useLang, useT } from '../i18n/lang.js';
import { ImeInput } from '../ui/ImeInput.js';
import { M } from './mapStrings.js';

/**
 * 「ピンを置く」 on a laptop: tap the map, pick a category, write a short text, place. Staff
 * may choose 心配な世帯: that pin goes to the restricted document and carries no author
 * name. The privacy check warns before placing, as on the phone.
 */
const draftIcon = L.divIcon({ className: 'tg-pin-wrap', html: '<div class="tg-pin tg-pin-draft"><span>📍</span></div>', iconSize: [40, 40], iconAnchor: [20, 20] });

/** Inside the map: the tap that chooses the place, and the marker of the draft pin. */
export function AddPinCatcher({ at, onTap }: { at: [number, number] | null; onTap(lat: number, lng: number): void }) {
  useMapEvents({ click: (e) => onTap(e.latlng.lat, e.latlng.lng) });
  return at ? <Marker position={at} icon={draftIcon} interactive={false} /> : null;
}

export interface AddPinFormProps {
  doc: Y.Doc;
  restrictedDoc: Y.Doc | null;
  categories: readonly Category[];
  at: [number, number] | null;
  author: { name: string; kind: string; id: string };
  onDone(id: string | null): void;
}

export function AddPinForm({ doc, restrictedDoc, categories, at, author, onDone }: AddPinFormProps) {
  const t = useT();
  const { lang } = useLang();
  const usable = categories.filter((c) => !c.restricted || restrictedDoc !== null);
  const [category, setCategory] = useState(usable[0]?.id ?? '');
  const [text, setText] = useState('');
  const [report, setReport] = useState<PrivacyReport | null>(null);
  const cat = usable.find((c) => c.id === category);

  const place = (force: boolean) => {
    if (!at || !cat) return;
    const r = checkPrivacy(text);
    if (!force && (r.warn || (r.suggestRestricted && !cat.restricted))) {
      setReport(r);
      return;
    }
    const restricted = cat.restricted && restrictedDoc !== null;
    const input = { text: text.trim(), category: cat.id, lat: at[0], lng: at[1] };
    const id = restricted
      ? addPin(restrictedDoc, input, { areasDoc: doc })
      : addPin(doc, { ...input, authorName: author.name.slice(0, 40), authorRole: author.kind, authorId: author.id, ...slotXY(doc) }, { exactDoc: restrictedDoc });
    onDone(id);
  };

  return (
    <div className="tg-map-banner tg-addpin" data-testid="add-pin-form">
      {!at ? (
        <span>{t(M.addPinHint)}</span>
      ) : (
        <>
          <select value={category} onChange={(e) => setCategory(e.target.value)} data-testid="add-pin-category" aria-label={t(M.category)}>
            {usable.map((c) => (
              <option key={c.id} value={c.id}>
                {c.icon} {localLabel('category', c, lang)}
                {c.restricted ? `（${t(M.restrictedNote)}）` : ''}
              </option>
            ))}
          </select>
          <ImeInput
            className="tg-addpin-text"
            value={text}
            onChange={(v) => {
              setText(v);
              setReport(null);
            }}
            onCommit={() => place(false)}
            placeholder={t(M.pinText)}
            data-testid="add-pin-text"
          />
          {report ? (
            <>
              <span className="tg-addpin-warn" role="alert" data-testid="add-pin-warning">
                ⚠️ {privacyMessageKeys(report).map((k) => PRIVACY_MESSAGES[k][lang]).join(' ')}
              </span>
              <button type="button" className="btn" onClick={() => setReport(null)}>
                {t(M.fix)}
              </button>
              <button type="button" className="btn" onClick={() => place(true)}>
                {t(M.privacyConfirm)}
              </button>
            </>
          ) : (
            <button type="button" className="btn btn-primary" data-testid="add-pin-save" onClick={() => place(false)}>
              {t(M.save)}
            </button>
          )}
        </>
      )}
      <button type="button" className="btn" onClick={() => onDone(null)}>
        {t(M.cancel)}
      </button>
    </div>
  );
}

/** A new pin's note takes the next free slot of 出てきた課題 on the board. */
function slotXY(doc: Parameters<typeof slotForNewNote>[0]): { x: number; y: number } {
  const s = slotForNewNote(doc, POOL_COLUMN);
  return { x: s.x, y: s.y };
}
