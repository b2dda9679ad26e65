import type { WorkshopBackup } from '@tsunagu/shared';

/**
 * HTTP calls of the export feature. Downloads go through fetch (so errors such as the CP932
 * character list can be shown) and are saved with an <a download> of a blob URL.
 */
export class ExportError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly characters: string[] = [],
  ) {
    super(message);
  }
}

export function exportUrl(workshopId: string, file: string, params: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return `/api/workshops/${encodeURIComponent(workshopId)}/${file}${s ? '?' + s : ''}`;
}

function fileNameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]!);
  const plain = /filename="([^"]+)"/i.exec(cd);
  return plain?.[1] ?? fallback;
}

async function failure(res: Response): Promise<ExportError> {
  const body = (await res.json().catch(() => ({}))) as { error?: string; errorJa?: string; characters?: string[] };
  return new ExportError(res.status, body.errorJa ?? body.error ?? `HTTP ${res.status}`, body.characters ?? []);
}

/**
 * Fetch a file with the token and save it; returns the file name and the characters a CP932
 * CSV could not hold (the server wrote 〓 for them; header `X-Replaced-Characters`).
 */
export async function download(url: string, token: string, fallbackName: string): Promise<{ name: string; replaced: string[] }> {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw await failure(res);
  const name = fileNameOf(res, fallbackName);
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  const replaced = (res.headers.get('x-replaced-characters') ?? '').split(' ').filter(Boolean).map(decodeURIComponent);
  return { name, replaced };
}

export interface ImportAnswer {
  format: 'csv' | 'geojson';
  encoding: string;
  total: number;
  placeable: number;
  added: number;
  alreadyPresent: number;
  dryRun: boolean;
  problems: { line: number; name: string; reason: string; message: { ja: string; en: string } }[];
  /** Problems beyond the first 200 listed (absent from older servers). */
  moreProblems?: number;
}

export async function uploadImport(workshopId: string, token: string, file: Blob, category: string, dryRun: boolean): Promise<ImportAnswer> {
  const url = exportUrl(workshopId, 'import', { category, dryRun: dryRun ? '1' : undefined });
  const res = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: file });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as ImportAnswer;
}

export interface RestoredWorkshop {
  id: string;
  joinCode: string;
  facilitatorToken: string;
  staffToken: string;
  viewerToken: string;
}

export async function restoreFromBackup(file: Blob): Promise<RestoredWorkshop> {
  const res = await fetch('/api/workshops/from-backup', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: file });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as RestoredWorkshop;
}

/** The workshop's public content (a backup without the restricted layer) for print views. */
export async function fetchPublicBackup(workshopId: string, token: string): Promise<WorkshopBackup> {
  const res = await fetch(exportUrl(workshopId, 'export.json'), { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as WorkshopBackup;
}
