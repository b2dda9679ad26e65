import type { CategoryKind } from '@tsunagu/shared';
import { defineStrings } from './lang.js';

/** Strings of the shell: start, host and join pages, connection status, language switch. */
export const S = defineStrings({
  appName: { ja: 'つなぐ', en: 'tsunagu' },
  tagline: { ja: '地域の課題と資源を、みんなで地図と付箋に', en: 'Map the neighbourhood’s issues and resources together' },
  createTitle: { ja: 'ワークショップをつくる', en: 'Create a workshop' },
  titleLabel: { ja: 'ワークショップ名', en: 'Workshop title' },
  titlePlaceholder: { ja: '例：中央地区 地域福祉座談会', en: 'e.g. Chuo district welfare meeting' },
  districtLabel: { ja: '小学校区', en: 'School district' },
  districtPlaceholder: { ja: '例：中央小学校区', en: 'e.g. Chuo elementary school district' },
  create: { ja: 'つくる', en: 'Create' },
  creating: { ja: 'つくっています…', en: 'Creating…' },
  joinInstead: { ja: '参加コードをお持ちの方はこちら', en: 'Have a join code? Join here' },
  recent: { ja: 'この端末で開いたワークショップ', en: 'Workshops opened on this device' },
  error: { ja: 'エラー：{message}', en: 'Error: {message}' },
  // host page
  joinCode: { ja: '参加コード', en: 'Join code' },
  scanToJoin: { ja: 'スマホのカメラで読み取って参加', en: 'Scan with your phone camera to join' },
  joinLink: { ja: '参加用リンク', en: 'Join link' },
  openBoard: { ja: 'ボードを開く', en: 'Open the board' },
  openProjector: { ja: 'プロジェクター表示', en: 'Projector view' },
  openProjectorBoard: { ja: 'プロジェクター（付箋だけ大きく）', en: 'Projector (notes only, large)' },
  staffLink: { ja: 'スタッフ用リンク（CSW・行政）', en: 'Staff link (CSW, officials)' },
  viewerLink: { ja: '閲覧用リンク（書き込み不可）', en: 'Viewer link (read-only)' },
  facilitatorLink: { ja: '進行役リンク（このワークショップの鍵）', en: 'Facilitator link (the key to this workshop)' },
  facilitatorWarning: {
    ja: 'このリンクがあれば、どのパソコンからでも進行役としてこのワークショップを開けます。なくさないよう保存し、人には渡さないでください。',
    en: 'With this link any browser opens this workshop as its facilitator. Keep it safe and do not hand it out.',
  },
  projectorLink: { ja: 'プロジェクター用リンク（会場のパソコンで開く）', en: 'Projector link (open it on the hall’s PC)' },
  projectorHint: {
    ja: '書き込みはできず、心配な世帯は表示されません。参加コードとQRコードが出ます。',
    en: 'Read-only; households of concern are never shown. It shows the join code and QR code.',
  },
  staffWarning: {
    ja: 'スタッフ用リンクでは「心配な世帯」も見えます。住民に渡さないでください。',
    en: 'The staff link shows households of concern. Do not give it to residents.',
  },
  copy: { ja: 'コピー', en: 'Copy' },
  copied: { ja: 'コピーしました', en: 'Copied' },
  noAccess: { ja: 'このワークショップを開く権限がありません。リンクをもう一度開いてください。', en: 'No access to this workshop. Open your link again.' },
  loading: { ja: '読み込み中…', en: 'Loading…' },
  // join page
  joinTitle: { ja: 'ワークショップに参加', en: 'Join the workshop' },
  codeLabel: { ja: '参加コード（6けた）', en: 'Join code (6 digits)' },
  nameLabel: { ja: 'ニックネーム', en: 'Nickname' },
  namePlaceholder: { ja: '例：さくら', en: 'e.g. Sakura' },
  nameHint: { ja: '本名でなくてかまいません', en: 'It need not be your real name' },
  whoLabel: { ja: 'あなたは？', en: 'Who are you?' },
  joinButton: { ja: '参加する', en: 'Join' },
  joining: { ja: '参加しています…', en: 'Joining…' },
  badCode: { ja: '参加コードは6けたの数字です', en: 'The join code has 6 digits' },
  needName: { ja: 'ニックネームを入れてください', en: 'Please enter a nickname' },
  needKind: { ja: 'どなたか選んでください', en: 'Please choose who you are' },
  // connection
  online: { ja: '接続中', en: 'Connected' },
  connecting: { ja: '接続しています…', en: 'Connecting…' },
  offline: { ja: 'オフライン — 再接続します', en: 'Offline — reconnecting' },
  notFound: { ja: 'ページが見つかりません', en: 'Page not found' },
  toStart: { ja: 'はじめのページへ', en: 'Back to start' },
  kindNeed: { ja: '困りごと', en: 'Needs' },
  kindResource: { ja: '地域の資源', en: 'Resources' },
  kindGap: { ja: 'あったらいいな', en: 'Gaps' },
  kindPlace: { ja: '場所', en: 'Places' },
});

/** The heading of each category kind (the map's legend, the board's category picker). */
export const CATEGORY_KIND_LABEL: Record<CategoryKind, (typeof S)['kindNeed']> = { need: S.kindNeed, resource: S.kindResource, gap: S.kindGap, place: S.kindPlace };
