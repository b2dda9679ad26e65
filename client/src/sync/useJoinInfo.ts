import { useEffect, useState } from 'react';
import { getConfig, type WorkshopInfo } from './api.js';

/** The join link for a workshop: the server's joinUrl, else `${publicUrl}/join?code=NNNNNN`. */
export function useJoinUrl(info: WorkshopInfo | undefined, fallbackCode?: string): { code: string; url: string } | null {
  const [publicUrl, setPublicUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    getConfig()
      .then((c) => live && setPublicUrl((c.publicUrl || location.origin).replace(/\/+$/, '')))
      .catch(() => live && setPublicUrl(location.origin));
    return () => {
      live = false;
    };
  }, []);
  const code = info?.joinCode ?? fallbackCode;
  if (!code || publicUrl === null) return null;
  return { code, url: `${publicUrl}/join?code=${code}` };
}
