import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

/** A QR code of `text`, drawn as an <img> (data URL). High error correction for projectors. */
export function QrCode({ text, size, className, label }: { text: string; size: number; className?: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(text, { margin: 1, width: size * 2, errorCorrectionLevel: 'M' })
      .then((url) => live && setSrc(url))
      .catch(() => live && setSrc(null));
    return () => {
      live = false;
    };
  }, [text, size]);
  if (!src) return <div className={className} style={{ width: size, height: size }} />;
  return <img className={className} src={src} width={size} height={size} alt={label} data-testid="qr" data-qr-text={text} />;
}
