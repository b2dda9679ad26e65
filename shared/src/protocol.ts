/**
 * The written protocol: HTTP paths, websocket paths, message types and close codes.
 * docs/PROTOCOL.md describes the same in prose; keep them in step.
 */

export const API = {
  workshops: '/api/workshops',
  join: '/api/join',
  workshop: (id: string) => `/api/workshops/${id}`,
  exportFile: (id: string, ext: 'geojson' | 'csv' | 'json') => `/api/workshops/${id}/export.${ext}`,
  importFile: (id: string) => `/api/workshops/${id}/import`,
  snapshots: (id: string) => `/api/workshops/${id}/snapshots`,
  restore: (id: string) => `/api/workshops/${id}/restore`,
  /** Facilitator: a fresh join code (reopens joining) / close joining by code. */
  joinCodeRotate: (id: string) => `/api/workshops/${id}/join-code/rotate`,
  joinCodeClose: (id: string) => `/api/workshops/${id}/join-code/close`,
  /** Facilitator: revoke every staff or viewer link and issue a new one (live connections close 4401). */
  reissueLink: (id: string, role: 'staff' | 'viewer') => `/api/workshops/${id}/links/${role}/reissue`,
  /** Facilitator or staff: a new read-only viewer link (the printed map's QR code). */
  viewerLinks: (id: string) => `/api/workshops/${id}/viewer-links`,
  healthz: '/healthz',
} as const;

/** The 201 answer of `POST /api/workshops`. */
export interface CreatedWorkshop {
  id: string;
  joinCode: string;
  facilitatorToken: string;
  staffToken: string;
  viewerToken: string;
  /** The hall's screen: read-only, projector mode, shown the join code (role `projector`). */
  projectorToken: string;
}

/** Websocket room paths (y-websocket compatible: the provider appends `/<roomname>`). */
export const SYNC_PREFIX = '/sync';
export const syncRoomName = (workshopId: string, restricted = false): string =>
  restricted ? `${workshopId}/staff` : workshopId;

/** Workshop ids: 16 chars of a URL-safe alphabet. Validated everywhere (no path tricks). */
export const WORKSHOP_ID_PATTERN = /^[A-Za-z0-9_-]{8,32}$/;
export function isWorkshopId(value: unknown): value is string {
  return typeof value === 'string' && WORKSHOP_ID_PATTERN.test(value);
}

/** Join codes: 6 digits, easy to read aloud and type on a phone. */
export const JOIN_CODE_PATTERN = /^[0-9]{6}$/;

/** y-websocket message types (first varUint of every frame). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/**
 * Websocket close codes used by the server. 4000–4999 are application codes; the client
 * shows a message for each and decides whether to reconnect.
 */
export const CLOSE = {
  /** 1008 policy violation: malformed frame or unknown message type. */
  MALFORMED: 1008,
  /** 1009 message too big. */
  TOO_BIG: 1009,
  /** 1012 service restart: SIGTERM; the client reconnects. */
  RESTARTING: 1012,
  /** A ping went unanswered. */
  TIMEOUT: 4000,
  /** Too many messages per second from this connection. */
  RATE_LIMITED: 4008,
  /** Too many connections from this address. */
  TOO_MANY_CONNECTIONS: 4009,
  /**
   * A write was refused (note text too long, too many items). 44xx: y-websocket does not
   * reconnect on its own; the client shows the notice it received just before, then reconnects
   * with a fresh document (the refused local change cannot be merged any more).
   */
  REFUSED: 4413,
  /**
   * The server rewrote this document's history (an idle room whose edit history dwarfed its
   * content, see shared/src/model/rewrite.ts) and this connection still holds the old one. The
   * client reloads a fresh copy and carries its unsent edits over (carryOver).
   */
  HISTORY_REWRITTEN: 4410,
  /**
   * The link (token) this connection was opened with was revoked by the facilitator (staff or
   * viewer links reissued). The client says so in plain words and does not reconnect.
   */
  LINK_REVOKED: 4401,
  /** The room could not be loaded from storage. */
  LOAD_FAILED: 4500,
} as const;

export const CLOSE_REASONS: Record<number, { ja: string; en: string }> = {
  [CLOSE.MALFORMED]: { ja: '不正なデータを受信したため切断しました', en: 'Malformed message' },
  [CLOSE.TOO_BIG]: { ja: 'データが大きすぎます', en: 'Message too big' },
  [CLOSE.RESTARTING]: { ja: 'サーバーを再起動しています。自動で再接続します', en: 'Server restarting' },
  [CLOSE.TIMEOUT]: { ja: '応答がないため切断しました', en: 'Connection timed out' },
  [CLOSE.RATE_LIMITED]: { ja: '送信が多すぎます。少し待ってください', en: 'Too many messages' },
  [CLOSE.TOO_MANY_CONNECTIONS]: { ja: '接続数の上限です', en: 'Too many connections' },
  [CLOSE.REFUSED]: { ja: '書き込みが上限を超えたため保存されませんでした', en: 'Change refused (limit exceeded)' },
  [CLOSE.HISTORY_REWRITTEN]: { ja: '記録を整理したため、最新の内容を読み込み直しました。書いたものはそのまま残っています', en: 'The workshop was tidied up and reloaded. What you wrote is kept.' },
  [CLOSE.LINK_REVOKED]: { ja: 'このリンクは使えなくなりました。進行役から新しいリンクをもらってください', en: 'This link was revoked. Ask the facilitator for a new link.' },
  [CLOSE.LOAD_FAILED]: { ja: 'ワークショップを読み込めませんでした', en: 'Could not load workshop' },
};

/**
 * Server → client notices ride on the y-websocket auth message (MESSAGE_AUTH = 2), type
 * "permission denied" (varUint 0) with a varString reason. An unmodified y-websocket client
 * only logs it (console.warn), so nothing breaks; the app replaces
 * `provider.messageHandlers[MESSAGE_AUTH]` to decode the reason with `parseNotice` and show it.
 * The reason is JSON `{ notice: NoticeCode, ja, en, limit? }`:
 *   text-too-long   a note's text would exceed limits.maxTextLength (connection then closes 4413)
 *   too-many-items  the workshop would exceed limits.maxItems (connection then closes 4413)
 *   restricted-category  a write to the public document gave an item a restricted category
 *                   (心配な世帯 belongs in the restricted document only; connection closes 4413)
 *   rate-limited    too many messages per second (connection then closes 4008 and reconnects)
 *   save-failed     the server cannot write to its storage; changes are kept in memory and retried
 *   save-recovered  storage works again; everything kept in memory has been written
 *   history-rewritten  (shown by the client itself on close 4410) the workshop was reloaded
 *                   after the server rewrote its history; unsent edits were carried over
 *   not-allowed     the writer's role may not make this change in this phase (someone else's
 *                   note, a category, the agenda …); connection closes 4413
 *   invalid-value   a value the document model does not allow (an unknown key, a colour that is
 *                   not #rrggbb, a coordinate out of range …); connection closes 4413
 *   update-too-large  one update over the role's size limit; connection closes 4413
 */
export const NOTICE_CODES = [
  'text-too-long',
  'too-many-items',
  'restricted-category',
  'rate-limited',
  'save-failed',
  'save-recovered',
  'history-rewritten',
  'not-allowed',
  'invalid-value',
  'update-too-large',
] as const;
export type NoticeCode = (typeof NOTICE_CODES)[number];
export interface Notice {
  notice: NoticeCode;
  ja: string;
  en: string;
  limit?: number;
}

export function parseNotice(reason: string): Notice | null {
  try {
    const v = JSON.parse(reason) as Partial<Notice> | null;
    if (!v || typeof v !== 'object' || !(NOTICE_CODES as readonly unknown[]).includes(v.notice)) return null;
    return { notice: v.notice!, ja: String(v.ja ?? ''), en: String(v.en ?? ''), ...(typeof v.limit === 'number' ? { limit: v.limit } : {}) };
  } catch {
    return null;
  }
}

/** Default limits; the server makes each configurable. */
export const DEFAULT_LIMITS = {
  /** Largest websocket frame accepted (bytes). */
  maxMessageBytes: 1024 * 1024,
  /** Largest JSON body accepted by the HTTP API (bytes). */
  maxJsonBytes: 64 * 1024,
  /** Largest import upload (bytes). */
  maxImportBytes: 5 * 1024 * 1024,
  /** Longest note text (characters). */
  maxTextLength: 500,
  /** Most items per workshop. */
  maxItems: 10_000,
  /** Messages per second per connection (sustained) and burst. */
  messagesPerSecond: 200,
  messageBurst: 400,
  /** Websocket connections per IP address. */
  connectionsPerIp: 300,
  /** Largest update a participant may send in one frame (bytes); staff are bounded by maxMessageBytes. */
  maxParticipantUpdateBytes: 128 * 1024,
  /** Frames a connection may send before its room has loaded (they wait unchecked until then). */
  maxQueuedFrames: 64,
  /** Largest presence (awareness) state of one client, as JSON (characters). */
  maxPresenceBytes: 2048,
  /** `POST /api/join` per client address: sustained per minute, and burst (a hall behind one NAT). */
  joinsPerMinute: 30,
  joinBurst: 60,
  /** Workshops created (`POST /api/workshops`, `/from-backup`) per client address: per hour, and burst. */
  workshopsPerHour: 20,
  workshopBurst: 20,
  /** Print/board renders (headless Chromium) waiting beyond the one running; more are answered 503. */
  renderQueue: 4,
} as const;

export type Lang = 'ja' | 'en';
