import { defineStrings } from '../i18n/lang.js';

/** Strings of who-can-get-in: join code control, link reissue, refused joins, a revoked link (issue 11). */
export const A = defineStrings({
  joinTitle: { ja: '参加の受付', en: 'Joining' },
  joinOpen: { ja: '受付中（このコードは {date} まで有効）', en: 'Open (this code works until {date})' },
  joinClosedNow: { ja: '受付を締め切りました。新しい参加コードを出すと、また参加できます。', en: 'Joining is closed. Issue a new join code to open it again.' },
  joinExpired: { ja: 'この参加コードは期限が切れました。新しい参加コードを出してください。', en: 'This join code has expired. Issue a new one.' },
  closeJoin: { ja: '受付を締め切る', en: 'Close joining' },
  rotateCode: { ja: '新しい参加コードを出す', en: 'Issue a new join code' },
  confirmClose: {
    ja: '参加の受付を締め切りますか？\nすでに参加している人はそのまま使えます。',
    en: 'Close joining?\nPeople who already joined keep working.',
  },
  confirmRotate: {
    ja: '新しい参加コードを出しますか？\n今のコードとQRコードは使えなくなります。すでに参加している人はそのまま使えます。',
    en: 'Issue a new join code?\nThe current code and QR code stop working. People who already joined keep working.',
  },
  closedBig: { ja: '参加の受付は締め切りました', en: 'Joining is closed' },
  reissue: { ja: 'このリンクを無効にして新しく発行', en: 'Revoke this link and issue a new one' },
  confirmReissueStaff: {
    ja: 'スタッフ用リンクを無効にしますか？\n今のリンクで開いている画面はすぐに閉じられ、新しいリンクを渡し直す必要があります。',
    en: 'Revoke the staff link?\nScreens open with it close at once; hand out the new link again.',
  },
  confirmReissueViewer: {
    ja: '閲覧用リンクを無効にしますか？\n今のリンクと、印刷した地図のQRコードは使えなくなります。',
    en: 'Revoke the viewer link?\nThe current link and the QR codes on printed maps stop working.',
  },
  reissued: { ja: '新しいリンクです。今コピーして渡してください。', en: 'This is the new link. Copy it and hand it out now.' },
  unknownLink: { ja: '（この端末では作成時のリンクが分かりません。再発行すると表示されます）', en: '(This device does not know the link. Reissue it to see a new one.)' },
  failed: { ja: 'できませんでした：{message}', en: 'Could not do it: {message}' },
  // join page
  noSuchCode: { ja: 'この参加コードのワークショップは見つかりません。数字をもう一度確かめてください。', en: 'No workshop has this join code. Please check the digits.' },
  codeClosed: { ja: 'この参加コードは締め切られたか、期限が切れています。進行役に新しいコードを聞いてください。', en: 'This join code is closed or has expired. Ask the facilitator for a new one.' },
  tooMany: { ja: '試した回数が多すぎます。{seconds}秒ほど待ってから、もう一度どうぞ。', en: 'Too many tries. Please wait about {seconds} seconds and try again.' },
  // a revoked link
  linkRevoked: {
    ja: 'このリンクは進行役によって使えなくなりました。新しいリンクを進行役からもらってください。',
    en: 'The facilitator revoked this link. Ask the facilitator for a new one.',
  },
});
