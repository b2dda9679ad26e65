import { useEffect, useState } from 'react';
import { readAreasFromBackup, type PrintData } from './printData.js';
import { fetchPublicBackup } from './exportApi.js';
import { api, getConfig } from '../sync/api.js';
import { accessApi } from '../sync/accessApi.js';
import { adoptTokenFromHash } from '../sync/tokenStore.js';

/**
 * Load what the print views need once: the public content (never the restricted layer),
 * the server's tile configuration and the join URL for the QR code.
 */
export function usePrintData(workshopId: string, opts: { viewerLink?: boolean } = {}): { data: PrintData | null; error: string | null } {
  const [data, setData] = useState<PrintData | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const token = adoptTokenFromHash(workshopId);
    if (!token) {
      setError('no token');
      return;
    }
    // The printed QR code opens the live map read-only (a viewer link), never the join link:
    // a sheet left on a noticeboard must not let anyone write.
    // (Only the print page asks: every call issues a new viewer token.)
    const viewer = opts.viewerLink
      ? accessApi.viewerLink(workshopId, token).then(
          (v) => v.url,
          () => null,
        )
      : Promise.resolve(null);
    Promise.all([fetchPublicBackup(workshopId, token), getConfig(), api.workshop(workshopId, token), viewer])
      .then(([backup, config, info, viewerUrl]) => {
        if (!live) return;
        setData({
          backup: { ...backup, items: backup.items.filter((i) => i.deletedAt === undefined), areas: readAreasFromBackup(backup) },
          tileUrl: config.tileUrl,
          tileAttribution: config.tileAttribution,
          liveUrl: viewerUrl ?? `${(config.publicUrl || location.origin).replace(/\/+$/, '')}/w/${info.id}`,
        });
      })
      .catch((e: unknown) => live && setError((e as Error).message));
    return () => {
      live = false;
    };
  }, [workshopId, opts.viewerLink]);
  return { data, error };
}
