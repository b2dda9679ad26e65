/**
 * Access roles (a contract, see docs/PROTOCOL.md) and the self-declared participant kinds
 * a person picks when joining (住民, 民生委員, …). The two are different things: the access
 * role decides what a connection may do; the participant kind is shown on notes and counted
 * in the summary.
 */

/**
 * `projector`: the hall's screen (a 公民館 PC). Read-only like `viewer`, never the restricted
 * document, but it is given the join code and join URL to show with the QR code.
 */
export const ROLES = ['facilitator', 'staff', 'participant', 'viewer', 'projector'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Organisation roles (issue 14): a coordinator (生活支援コーディネーター, lead CSW) holds an
 * organisation's token. It is not a workshop role: no workshop route or websocket accepts it.
 */
export const ORG_ROLES = ['coordinator'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** May this role write to the public document? */
export function canWrite(role: Role): boolean {
  return role !== 'viewer' && role !== 'projector';
}

/** Is this role given the join code and join URL (to show or hand out)? */
export function seesJoinCode(role: Role): boolean {
  return role === 'facilitator' || role === 'staff' || role === 'projector';
}

/** May this role open the restricted (staff) document and restricted exports? */
export function canAccessRestricted(role: Role): boolean {
  return role === 'facilitator' || role === 'staff';
}

/** May this role export the workshop (GeoJSON/CSV/JSON)? */
export function canExport(role: Role): boolean {
  return role === 'facilitator' || role === 'staff';
}

/** Facilitator-only powers: agenda, timer, follow-me, trash restore, templates. */
export function isFacilitator(role: Role): boolean {
  return role === 'facilitator';
}

export interface ParticipantKind {
  id: string;
  ja: string;
  en: string;
}

/** Who a person says they are when joining. Ids are stored in items as `authorRole`. */
export const PARTICIPANT_KINDS: readonly ParticipantKind[] = [
  { id: 'jumin', ja: '住民', en: 'Resident' },
  { id: 'minsei', ja: '民生委員・児童委員', en: 'Welfare commissioner' },
  { id: 'jichikai', ja: '自治会', en: 'Neighbourhood association' },
  { id: 'csw', ja: 'CSW・社協', en: 'CSW / Social welfare council' },
  { id: 'gyosei', ja: '行政', en: 'Municipal official' },
  { id: 'houkatsu', ja: '地域包括', en: 'Community general support center' },
  { id: 'senmon', ja: '専門機関', en: 'Specialist agency' },
  { id: 'other', ja: 'その他', en: 'Other' },
];

export function isParticipantKind(value: unknown): value is string {
  return typeof value === 'string' && PARTICIPANT_KINDS.some((k) => k.id === value);
}

/** Roles that stand where a participant kind is shown (the author of a facilitator's note, a staff member). */
const ROLE_AS_KIND: Record<string, { ja: string; en: string }> = {
  facilitator: { ja: '進行役', en: 'Facilitator' },
  staff: { ja: 'スタッフ', en: 'Staff' },
  viewer: { ja: '閲覧', en: 'Viewer' },
  projector: { ja: 'プロジェクター', en: 'Projector' },
  participant: { ja: '参加者', en: 'Participant' },
};

/** The label of a participant kind (or of a role in its place): never a raw id for a known one. */
export function participantKindLabel(id: string, lang: 'ja' | 'en' = 'ja'): string {
  const kind = PARTICIPANT_KINDS.find((k) => k.id === id) ?? ROLE_AS_KIND[id];
  return kind ? kind[lang] : id;
}
