import { useEffect, useState } from 'react';
import { defineStrings, useT } from '../i18n/lang.js';
import { QrCode } from '../ui/QrCode.js';
import './slip.css';

/**
 * The facilitator link on a slip of paper: a QR code to scan with any device, the link written
 * out, the workshop's title and the warning to keep it. Shown on the host page under the link;
 * 「印刷する」 prints the slip alone (the rest of the page is hidden from print while it is open).
 */
const K = defineStrings({
  open: { ja: '🖨 進行役リンクを紙に印刷（QR）', en: '🖨 Print the facilitator link (QR)' },
  title: { ja: '進行役リンク', en: 'Facilitator link' },
  keep: {
    ja: 'この紙は大切に保管してください。QRコードを読み取ると、どのパソコン・スマホからでも進行役としてこのワークショップを開けます。人には渡さないでください。',
    en: 'Keep this slip safe. Scanning the QR code opens this workshop as its facilitator on any computer or phone. Do not hand it out.',
  },
  print: { ja: '印刷する', en: 'Print' },
  close: { ja: '閉じる', en: 'Close' },
  made: { ja: '作成日', en: 'Made on' },
});

export function FacilitatorSlip({ url, title, district }: { url: string; title: string; district?: string | undefined }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    document.body.classList.add('printing-slip');
    return () => document.body.classList.remove('printing-slip');
  }, [open]);
  if (!open)
    return (
      <button type="button" className="btn btn-big slip-open" data-testid="slip-open" onClick={() => setOpen(true)}>
        {t(K.open)}
      </button>
    );
  return (
    <div className="key-slip-wrap">
      <div className="key-slip" data-testid="key-slip">
        <div className="key-slip-head">
          <strong>🔑 {t(K.title)}</strong>
          <span>
            {title}
            {district ? `（${district}）` : ''}
          </span>
        </div>
        <div className="key-slip-body">
          <QrCode text={url} size={200} className="key-slip-qr" label={t(K.title)} />
          <div>
            <p className="key-slip-warn">{t(K.keep)}</p>
            <p className="key-slip-url" data-testid="slip-url">
              {url}
            </p>
            <p className="key-slip-date">
              {t(K.made)}: {new Date().toLocaleDateString('ja-JP')}
            </p>
          </div>
        </div>
      </div>
      <div className="key-slip-actions">
        <button type="button" className="btn btn-primary btn-big" data-testid="slip-print" onClick={() => window.print()}>
          {t(K.print)}
        </button>
        <button type="button" className="btn btn-big" onClick={() => setOpen(false)}>
          {t(K.close)}
        </button>
      </div>
    </div>
  );
}
