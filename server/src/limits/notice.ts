import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import { CLOSE, CLOSE_REASONS, MESSAGE_AUTH, type Notice, type NoticeCode } from '@tsunagu/shared';

/** The user-facing text of every notice (Japanese first); `{limit}` is filled in. */
const TEXTS: Record<NoticeCode, { ja: string; en: string }> = {
  'text-too-long': {
    ja: 'メモが長すぎるため保存されませんでした（{limit}文字まで）。短くしてもう一度入れてください。',
    en: 'The note is too long and was not saved (up to {limit} characters). Please shorten it and try again.',
  },
  'too-many-items': {
    ja: 'このワークショップのメモ・ピンが上限（{limit}件）に達したため、追加できませんでした。',
    en: 'This workshop has reached its limit of {limit} notes and pins; nothing more can be added.',
  },
  'restricted-category': {
    ja: '「心配な世帯」は職員だけが見られる別の場所に保存します。この画面からは書き込めませんでした。',
    en: 'Households of concern are kept in the staff-only document; this change was not saved here.',
  },
  // shown by the client itself when the server closes with 4410
  'history-rewritten': CLOSE_REASONS[CLOSE.HISTORY_REWRITTEN]!,
  'rate-limited': {
    ja: '送信が多すぎるため、いったん接続を切りました。自動でつなぎ直します。',
    en: 'Too many messages were sent; the connection was reset and will reconnect by itself.',
  },
  'save-failed': {
    ja: 'サーバーが保存できていません。入力した内容はサーバーのメモリに残っています。画面を閉じずにお待ちください。',
    en: 'The server cannot save right now. Your changes are kept in its memory; please keep this page open.',
  },
  'not-allowed': {
    ja: 'この変更はできません（自分の付箋以外や、いまの進行では変えられない所です）。元の状態に戻しました。',
    en: 'This change is not allowed (someone else’s note, or not in this step). It has been undone.',
  },
  'invalid-value': {
    ja: '保存できない内容が含まれていたため、元の状態に戻しました。',
    en: 'The change held a value that cannot be saved; it has been undone.',
  },
  'update-too-large': {
    ja: '一度に送る量が多すぎたため、保存されませんでした（{limit}バイトまで）。',
    en: 'Too much was sent at once and it was not saved (up to {limit} bytes).',
  },
  'save-recovered': {
    ja: '保存が再開しました。これまでの内容はすべて保存されました。',
    en: 'Saving works again; everything has been saved.',
  },
};

export function makeNotice(code: NoticeCode, limit?: number): Notice {
  const t = TEXTS[code];
  const fill = (s: string) => (limit === undefined ? s : s.replace('{limit}', String(limit)));
  return { notice: code, ja: fill(t.ja), en: fill(t.en), ...(limit === undefined ? {} : { limit }) };
}

/**
 * A server → client notice frame (see shared/src/protocol.ts): the y-websocket auth message,
 * "permission denied" with the JSON notice as its reason. Plain y-websocket clients log it.
 */
export function encodeNotice(notice: Notice): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AUTH);
  authProtocol.writePermissionDenied(encoder, JSON.stringify(notice));
  return encoding.toUint8Array(encoder);
}
