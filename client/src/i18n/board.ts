import { defineStrings } from './lang.js';

/** Strings of the board (canvas, toolbar, facilitator tools). */
export const B = defineStrings({
  composerPlaceholder: { ja: '課題や資源を書いて Enter', en: 'Write an issue or resource, press Enter' },
  add: { ja: '追加', en: 'Add' },
  notesTab: { ja: '付箋', en: 'Notes' },
  mapTab: { ja: '地図', en: 'Map' },
  mapPlaceholder: { ja: '地図はまもなく表示されます', en: 'The map will appear here' },
  splitHandle: { ja: '付箋と地図の幅を変える（左右キーでも動きます）', en: 'Resize board and map (arrow keys work too)' },
  readOnly: { ja: '閲覧のみ（書き込みはできません）', en: 'Read-only' },
  noNotes: { ja: 'まだ付箋はありません', en: 'No notes yet' },
  host: { ja: '参加コード・QR', en: 'Join code & QR' },
  joinAt: { ja: '参加コード', en: 'Join code' },
});
