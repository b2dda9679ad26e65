import { totalVotes, type Area, type Category } from '@tsunagu/shared';
import type { MapPin } from './layerFilter.js';

/** The popup content of a pin, built with DOM text nodes (never innerHTML of user text). */
export interface PopupLabels {
  category: string;
  column: string;
  votes: string;
  area: string;
  author: string;
  restrictedNote: string;
  dragHint: string | null;
  /** ニーズとシーズ: the row label of the offers of help matching this need. */
  offers?: string;
}

function row(parent: HTMLElement, label: string, value: string, testId?: string): void {
  const div = document.createElement('div');
  div.className = 'tg-popup-row';
  const b = document.createElement('b');
  b.textContent = `${label}：`;
  const span = document.createElement('span');
  span.textContent = value;
  if (testId) span.dataset.testid = testId;
  div.append(b, span);
  parent.append(div);
}

export function pinPopupContent(
  pin: MapPin,
  category: Category | undefined,
  columnLabel: string,
  area: Area | undefined,
  labels: PopupLabels,
  offers: readonly { text: string }[] = [],
): HTMLElement {
  const root = document.createElement('div');
  root.className = `tg-popup${pin.restricted ? ' tg-popup-restricted' : ''}`;
  root.dataset.testid = 'pin-popup';
  const text = document.createElement('p');
  text.className = 'tg-popup-text';
  text.textContent = pin.text || '—';
  root.append(text);
  row(root, labels.category, `${category?.icon ?? ''} ${category?.label ?? pin.category}`.trim());
  if (pin.restricted) {
    const note = document.createElement('div');
    note.className = 'tg-popup-restricted-note';
    note.textContent = `🔒 ${labels.restrictedNote}`;
    root.append(note);
  } else {
    row(root, labels.column, columnLabel || pin.column);
    row(root, labels.votes, String(totalVotes(pin)), 'pin-votes');
    if (pin.authorName) row(root, labels.author, pin.authorName);
  }
  if (area) row(root, labels.area, area.name);
  if (offers.length && labels.offers) row(root, `🤝 ${labels.offers}`, offers.map((o) => o.text).join('／'), 'pin-offers');
  if (labels.dragHint) {
    const hint = document.createElement('div');
    hint.className = 'tg-popup-hint';
    hint.textContent = labels.dragHint;
    root.append(hint);
  }
  return root;
}
