import type { PrivacyFindingKind, PrivacyReport } from './privacyCheck.js';

/** Messages for a privacy report, Japanese first. Plain words for residents over 70. */
export const PRIVACY_MESSAGES: Record<PrivacyFindingKind | 'sensitive' | 'title', { ja: string; en: string }> = {
  title: { ja: '送る前に確認してください', en: 'Please check before sending' },
  name: {
    ja: '人の名前が入っているかもしれません。名前は書かないでください（例：「田中さん」→「近所の方」）。',
    en: 'This may contain a person’s name. Please do not write names (e.g. “Mr Tanaka” → “a neighbour”).',
  },
  address: {
    ja: '番地まで入った住所があるようです。「〇〇町のあたり」くらいにしてください。',
    en: 'This looks like an address with a house number. Please write only the area.',
  },
  phone: {
    ja: '電話番号があるようです。個人の電話番号は書かないでください。',
    en: 'This looks like a phone number. Please do not write private phone numbers.',
  },
  email: {
    ja: 'メールアドレスがあるようです。個人の連絡先は書かないでください。',
    en: 'This looks like an e-mail address. Please do not write private contact details.',
  },
  sensitive: {
    ja: 'ふれにくい内容かもしれません。スタッフだけが見られる「心配な世帯」に移すこともできます。',
    en: 'This may be sensitive. It can be moved to the staff-only “households of concern” layer.',
  },
};

/** The distinct message keys a report calls for, in display order. */
export function privacyMessageKeys(report: PrivacyReport): (PrivacyFindingKind | 'sensitive')[] {
  const keys: (PrivacyFindingKind | 'sensitive')[] = [];
  for (const k of ['name', 'address', 'phone', 'email'] as const) if (report.findings.some((f) => f.kind === k)) keys.push(k);
  if (report.suggestRestricted) keys.push('sensitive');
  return keys;
}
