import { defineStrings } from './lang.js';

/** Strings of the actions panel (取り組み, follow-through). */
export const A = defineStrings({
  title: { ja: '取り組み', en: 'Actions' },
  close: { ja: '閉じる', en: 'Close' },
  status: { ja: '状態', en: 'Status' },
  allSides: { ja: 'すべての側', en: 'Every side' },
  allStatuses: { ja: 'すべての状態', en: 'Every status' },
  order: { ja: '並べ方', en: 'Order' },
  orderMade: { ja: 'つくった順', en: 'As made' },
  orderStatus: { ja: '状態の順', en: 'By status' },
  orderCheck: { ja: '次の確認が近い順', en: 'By next check' },
  add: { ja: '取り組みをつくる', en: 'New action' },
  fromSelection: { ja: '選んだ付箋（{n}枚）から取り組みをつくる', en: 'Make an action from the {n} selected notes' },
  what: { ja: '何をするか', en: 'What will be done' },
  side: { ja: 'だれが（側）', en: 'Which side' },
  owner: { ja: '担い手', en: 'By whom' },
  ownerHint: { ja: '例：〇〇町自治会、地域包括（個人名は書かない）', en: 'e.g. a neighbourhood association (no personal names)' },
  save: { ja: '取り組みにする', en: 'Make it an action' },
  cancel: { ja: 'やめる', en: 'Cancel' },
  none: { ja: 'まだ取り組みはありません。付箋を選んで取り組みにできます。', en: 'No actions yet. Select notes to make one.' },
  check: { ja: '次の確認', en: 'Next check' },
  changeStatus: { ja: '状態を変える', en: 'Change status' },
  howChanged: { ja: 'どう変わったか（必須）', en: 'What changed (required)' },
  textRequired: { ja: '「どう変わったか」を書いてください。', en: 'Please write what changed.' },
  record: { ja: '記録する', en: 'Record' },
  toggle: { ja: '取り組み', en: 'Actions' },
});
