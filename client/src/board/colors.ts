/** Mix a #rrggbb colour with white (amount 0 = colour, 1 = white): the note's paper colour. */
export function tint(hex: string, amount: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#fffde7';
  const mix = (h: string) => Math.round(parseInt(h, 16) + (255 - parseInt(h, 16)) * amount);
  return `rgb(${mix(m[1]!)}, ${mix(m[2]!)}, ${mix(m[3]!)})`;
}

/**
 * On the projector every note's text has one size, and the projector never zooms out below the
 * scale that shows it at PROJECTOR_TEXT_PX screen pixels (readable from the back row of a hall
 * on a 1920×1080 projector): what does not fit is paged or panned to, and a long text that is
 * cut on its note is read whole in the spotlight.
 */
export const PROJECTOR_NOTE_FONT = 22;
export const PROJECTOR_TEXT_PX = 28;
export const PROJECTOR_MIN_SCALE = PROJECTOR_TEXT_PX / PROJECTOR_NOTE_FONT;

/** Text size that keeps short notes big and long notes inside the paper. */
export function noteFontSize(text: string, projector: boolean): number {
  if (projector) return PROJECTOR_NOTE_FONT;
  const n = [...text].length;
  return n <= 16 ? 22 : n <= 32 ? 19 : n <= 60 ? 16 : 13;
}
