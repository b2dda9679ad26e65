/**
 * 「相談したい」 (issue 17): a resident's private message to staff, and 掲載の同意 of resources.
 *
 * A consultation is stored only in the restricted document (root `consultations`), written by
 * the server from `POST /api/workshops/:id/consult` (participant token) and by staff (status).
 * A phone number is allowed in `contact` and only there.
 */

export const CONSULT_STATUSES = ['open', 'inProgress', 'done'] as const;
export type ConsultStatus = (typeof CONSULT_STATUSES)[number];
export const CONSULT_STATUS_LABELS: Record<ConsultStatus, { ja: string; en: string }> = {
  open: { ja: '未対応', en: 'Open' },
  inProgress: { ja: '対応中', en: 'In progress' },
  done: { ja: '対応済み', en: 'Done' },
};
export const MAX_CONSULT_TEXT = 1000;
export const MAX_CONSULT_CONTACT = 100;

export interface Consultation {
  id: string;
  text: string;
  contact: string;
  status: ConsultStatus;
  name: string;
  kind: string;
  userId: string;
  createdAt: number;
  updatedAt: number;
}

/** Check a consult request body; answers the problem (English) or the cleaned values. */
export function parseConsultBody(body: unknown): { text: string; contact: string } | { error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { error: 'body must be {text, contact?}' };
  const r = body as Record<string, unknown>;
  if (typeof r.text !== 'string' || r.text.trim().length === 0) return { error: 'text is required' };
  if (r.text.length > MAX_CONSULT_TEXT) return { error: `text must be at most ${MAX_CONSULT_TEXT} characters` };
  if (r.contact !== undefined && r.contact !== null && typeof r.contact !== 'string') return { error: 'contact must be a string' };
  const contact = typeof r.contact === 'string' ? r.contact.trim() : '';
  if (contact.length > MAX_CONSULT_CONTACT) return { error: `contact must be at most ${MAX_CONSULT_CONTACT} characters` };
  for (const k of Object.keys(r)) if (k !== 'text' && k !== 'contact') return { error: `unknown key ${k}` };
  return { text: r.text.trim(), contact };
}

/** 掲載の同意 of a resource (item key `consent`); absent: a public institution, no consent needed. */
export const CONSENT_VALUES = ['yes', 'pending', 'no'] as const;
export type Consent = (typeof CONSENT_VALUES)[number];
export const CONSENT_LABELS: Record<Consent | 'public', { ja: string; en: string }> = {
  yes: { ja: '同意あり', en: 'Consented' },
  pending: { ja: '未確認', en: 'Not yet' },
  no: { ja: '同意なし', en: 'No consent' },
  public: { ja: '公的機関', en: 'Public institution' },
};

/** Whether a resource may appear on the public print and exports. */
export function publiclyListable(item: { consent?: unknown }): boolean {
  return item.consent === undefined || item.consent === 'yes';
}
