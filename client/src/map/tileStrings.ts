import { defineStrings } from '../i18n/lang.js';

/** Strings of 「この地区の地図を保存」 and the offline map notices (issue 12). */
export const TS = defineStrings({
  title: { ja: 'この地区の地図を保存', en: 'Save this district’s map' },
  explain: {
    ja: 'インターネットにつながる場所で、会場に行く前に保存してください。会場ではこのパソコンから参加者のスマホに地図を配ります。',
    en: 'Do this before going to the hall, while online. In the hall this laptop gives the map to every phone.',
  },
  estimate: { ja: '{n}枚・約{mb}MB（ズーム{z}）', en: '{n} tiles · about {mb} MB (zoom {z})' },
  basisAreas: { ja: '区域の範囲', en: 'the areas' },
  basisCentre: { ja: '中心から半径1km', en: '1 km around the centre' },
  start: { ja: '保存を始める', en: 'Start saving' },
  resume: { ja: '続きから保存', en: 'Resume' },
  cancel: { ja: '中止', en: 'Cancel' },
  progress: { ja: '{done} / {total}枚', en: '{done} / {total} tiles' },
  failed: { ja: '{n}枚は取得できませんでした（インターネットにつながっていますか）', en: '{n} tiles could not be fetched (is this laptop online?)' },
  cancelled: { ja: '中止しました。「続きから保存」で再開できます。', en: 'Cancelled. “Resume” carries on.' },
  done: { ja: '保存が終わりました', en: 'Saved' },
  nothing: { ja: 'まだ保存されていません', en: 'Nothing saved yet' },
  mbtiles: { ja: '読み込んだ地図ファイル：{name}', en: 'Imported map file: {name}' },
  error: { ja: '保存できませんでした：{message}', en: 'Could not save: {message}' },
  fixStaff: {
    ja: 'インターネットにつながる場所で「🗂 凡例」→「この地区の地図を保存」を押すと、会場でも地図が出ます。',
    en: 'Online, open “🗂 Legend” → “Save this district’s map”, and the map shows in the hall too.',
  },
  fixOthers: { ja: '係の人に「地図の保存」をお願いしてください。', en: 'Ask the organiser to save the map.' },
  openSave: { ja: '地図を保存する', en: 'Save the map' },
});
