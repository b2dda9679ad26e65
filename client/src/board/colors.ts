/** Mix a #rrggbb colour with white (amount 0 = colour, 1 = white): the note's paper colour. */
export function tint(hex: string, amount: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#fffde7';
  const mix = (h: string) => Math.round(parseInt(h, 16) + (255 - parseInt(h, 16)) * amount);
  return `rgb(${mix(m[1]!)}, ${mix(m[2]!)}, ${mix(m[3]!)})`;
}

/** Text size that keeps short notes big and long notes inside the paper. */
export function noteFontSize(text: string, projector: boolean): number {
  const n = [...text].length;
  const base = n <= 16 ? 22 : n <= 32 ? 19 : n <= 60 ? 16 : 13;
  return projector ? base + 2 : base;
}
