import { ApiError } from './api.js';
import { getToken } from './tokenStore.js';

/**
 * Issue 17 routes (docs/PROTOCOL.md): a phone's exact point of its own need pin, 「相談したい」
 * and the 窓口's contact details.
 */
async function post<T>(path: string, body: unknown, token: string): Promise<T> {
  const res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const answer = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new ApiError(res.status, answer.error ?? `HTTP ${res.status}`);
  return answer as T;
}

/**
 * Send the exact point of a need pin the phone just placed (its public point is coarse). The pin
 * reaches the server over the websocket, perhaps later (offline): a 404 is retried for a while.
 */
export function sendExactPoint(workshopId: string, itemId: string, lat: number, lng: number, tries = 30): void {
  const token = getToken(workshopId);
  if (!token) return;
  const attempt = (left: number, delay: number) => {
    post(`/api/workshops/${workshopId}/items/${itemId}/exact-point`, { lat, lng }, token).catch((err: unknown) => {
      if (left > 0 && (!(err instanceof ApiError) || err.status === 404 || err.status >= 500)) setTimeout(() => attempt(left - 1, Math.min(delay * 2, 10_000)), delay);
    });
  };
  attempt(tries, 500);
}

export function sendConsultation(workshopId: string, text: string, contact: string): Promise<{ id: string; desk: string }> {
  const token = getToken(workshopId);
  if (!token) return Promise.reject(new ApiError(401, 'no token'));
  return post(`/api/workshops/${workshopId}/consult`, { text, contact }, token);
}
