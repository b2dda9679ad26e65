/**
 * Colours from a document (categories, columns, items, presence) reach inline styles, CSS
 * custom properties, SVG attributes and HTML strings. Only `#rrggbb` is accepted there; anything
 * else (`url(//evil/x)`, `#000"><img …>`, `expression(…)`) becomes the fallback, so a
 * mischievous value can neither run script nor make the browser fetch from another origin.
 */
export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

export function isHexColor(value: unknown): value is string {
  return typeof value === 'string' && HEX_COLOR.test(value);
}

export function safeColor(value: unknown, fallback = '#757575'): string {
  return isHexColor(value) ? value : fallback;
}

/** Escape text for an HTML string (Leaflet divIcon html): & < > " ' become character references. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
