import { API, type CreatedWorkshop, type Role } from '@tsunagu/shared';

/** Thin HTTP client for the server API (docs/PROTOCOL.md). Errors carry the server's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function call<T>(path: string, init: RequestInit & { token?: string | null } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (init.body) headers['Content-Type'] = 'application/json';
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  const res = await fetch(path, { ...init, headers });
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new ApiError(res.status, body.error ?? `HTTP ${res.status}`);
  return body as T;
}

export type { CreatedWorkshop } from '@tsunagu/shared';

export interface WorkshopInfo {
  id: string;
  title: string;
  district: string;
  center: [number, number];
  zoom: number;
  phase: string;
  role: Role;
  name: string;
  kind: string;
  /** The id the server knows this token by (a participant's authorId and voter id). */
  userId?: string;
  counts: { items: number; pins: number };
  joinCode?: string;
  joinUrl?: string;
  /** Facilitator/staff: joining by code was closed; when the code stops joining (ms). */
  joinClosed?: boolean;
  joinCodeExpiresAt?: number;
}

export interface ClientConfig {
  publicUrl: string;
  tileUrl: string;
  tileAttribution: string;
  limits: Record<string, number>;
}

export const api = {
  createWorkshop: (input: { title: string; district?: string }) =>
    call<CreatedWorkshop>(API.workshops, { method: 'POST', body: JSON.stringify(input) }),
  join: (input: { code: string; name: string; role: string }) =>
    call<{ workshopId: string; token: string }>(API.join, { method: 'POST', body: JSON.stringify(input) }),
  workshop: (id: string, token: string) => call<WorkshopInfo>(API.workshop(id), { token }),
  config: () => call<ClientConfig>('/api/config'),
};

let configPromise: Promise<ClientConfig> | null = null;
/** The server's public configuration, fetched once per page load. */
export function getConfig(): Promise<ClientConfig> {
  configPromise ??= api.config().catch((e: unknown) => {
    configPromise = null;
    throw e;
  });
  return configPromise;
}
