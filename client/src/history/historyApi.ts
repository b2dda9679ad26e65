import { API } from '@tsunagu/shared';

/** HTTP calls of the history panel (docs/PROTOCOL.md: snapshots and restore). */
export interface VersionInfo {
  id: number;
  name: string;
  createdAt: number;
  auto: boolean;
  itemCount: number;
}

export interface VersionPreview extends VersionInfo {
  items: { id: string; text: string; column: string; category: string }[];
}

async function call<T>(path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Accept: 'application/json', Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
  return json;
}

export const historyApi = {
  list: (id: string, token: string) => call<VersionInfo[]>(API.snapshots(id), token),
  save: (id: string, token: string, name: string) => call<VersionInfo>(API.snapshots(id), token, { name }),
  preview: (id: string, token: string, sid: number) => call<VersionPreview>(`${API.snapshots(id)}/${sid}`, token),
  restore: (id: string, token: string, sid: number) => call<{ restored: VersionInfo }>(API.restore(id), token, { snapshotId: sid }),
};
