/**
 * Content-Disposition for a download with a Japanese file name (RFC 6266 / RFC 5987):
 * an ASCII fallback plus the UTF-8 `filename*`, which every current browser uses.
 */
export function attachmentName(filename: string): string {
  const safe = filename.replace(/[\\/:*?"<>|\r\n]+/g, '_').slice(0, 120) || 'tsunagu';
  const ascii = safe.replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(safe)}`;
}
