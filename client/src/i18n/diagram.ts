import { defineStrings } from './lang.js';

/** Strings of 図式化 on the board: connectors and frames. */
export const D = defineStrings({
  connect: { ja: 'つなぐ', en: 'Connect' },
  connectHint: { ja: '選んだ2枚を線でつなぐ（1枚目 → 2枚目）', en: 'Draw a line between the two selected notes (first → second)' },
  panel: { ja: '線', en: 'Line' },
  style: { ja: '線の種類', en: 'Line style' },
  arrow: { ja: '矢印', en: 'Arrowheads' },
  label: { ja: 'ことば（任意）', en: 'Label (optional)' },
  labelHint: { ja: '例：だから、つながる', en: 'e.g. leads to' },
  del: { ja: '線を消す', en: 'Delete line' },
  close: { ja: '閉じる', en: 'Close' },
  frameMove: { ja: '枠を動かす（中の付箋も一緒に）', en: 'Move the frame (its notes move with it)' },
  frameResize: { ja: '枠の大きさを変える', en: 'Resize the frame' },
  frameName: { ja: '枠の名前', en: 'Frame name' },
  frameColor: { ja: '枠の色', en: 'Frame colour' },
});
