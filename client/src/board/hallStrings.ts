import { defineStrings } from '../i18n/lang.js';

/** Strings of the hall features: sound unlock, 整列, spotlight, projector paging. */
export const H = defineStrings({
  soundOn: { ja: '🔔 音を有効にする', en: '🔔 Turn on sound' },
  soundOnHint: { ja: 'タイマー終了の音を鳴らすには、一度押してください', en: 'Tap once so the end-of-timer chime can play' },
  soundReady: { ja: '🔔 音 ON', en: '🔔 Sound on' },
  tidy: { ja: '整列', en: 'Tidy' },
  tidyHint: { ja: '選んだ付箋（選んでいなければ画面に見えている列）を、重ならないように並べ直します', en: 'Line up the selected notes (or the lanes on screen) so none overlap' },
  spotlight: { ja: '大きく映す', en: 'Spotlight' },
  spotlightHint: { ja: '選んだ付箋をプロジェクターに全画面で映します', en: 'Show the selected note full-screen on the projector' },
  spotlightClose: { ja: '閉じる', en: 'Close' },
  spotlightOn: { ja: '付箋を大きく映しています', en: 'Spotlighting a note' },
  phasePick: { ja: '{phase} に進める', en: 'Go to {phase}' },
  pagePrev: { ja: '◀ 前', en: '◀ Back' },
  pageNext: { ja: '次 ▶', en: 'Next ▶' },
  pageUp: { ja: '▲ 上', en: '▲ Up' },
  pageDown: { ja: '▼ 下', en: '▼ Down' },
  readAll: { ja: '付箋をタップすると全文を表示します', en: 'Tap a note to read all of it' },
});
