/**
 * A join code as typed on a phone → its 6 ASCII digits: full-width digits (２５１２１６, typed
 * with the Japanese IME on) become 0-9 (NFKC), spaces of any width and other marks are dropped.
 * The server accepts the same forms; the client must not silently empty them.
 */
export function normalizeJoinCode(raw: string): string {
  return raw.normalize('NFKC').replace(/[^0-9]/g, '').slice(0, 6);
}
