import { API } from '@tsunagu/shared';
import { ApiError } from './api.js';

/**
 * The facilitator's controls over who can get in (docs/PROTOCOL.md): rotate or close the join
 * code, revoke and reissue the staff and viewer links, and a read-only viewer link for the
 * printed map's QR code.
 */
async function post<T>(path: string, token: string): Promise<T> {
  const res = await fetch(path, { method: 'POST', headers: { Accept: 'application/json', Authorization: `Bearer ${token}` } });
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new ApiError(res.status, body.error ?? `HTTP ${res.status}`);
  return body as T;
}

export interface RotatedCode {
  joinCode: string;
  joinUrl: string;
  joinCodeExpiresAt: number;
  joinClosed: false;
}

export const accessApi = {
  rotateJoinCode: (id: string, token: string) => post<RotatedCode>(API.joinCodeRotate(id), token),
  closeJoin: (id: string, token: string) => post<{ joinClosed: true }>(API.joinCodeClose(id), token),
  reissueLink: (id: string, role: 'staff' | 'viewer', token: string) =>
    post<{ role: string; token: string; url: string; closedConnections: number }>(API.reissueLink(id, role), token),
  viewerLink: (id: string, token: string) => post<{ token: string; url: string }>(API.viewerLinks(id), token),
};
