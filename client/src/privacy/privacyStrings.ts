/** UI text for issue 17 (privacy), Japanese first. */
export const PV = {
  release: { ja: '投影に出す', en: 'Show on projector' },
  releaseHint: {
    ja: 'ふれにくい言葉があるため、投影と閲覧用画面から隠しています。内容を確かめてから出してください。',
    en: 'Hidden from the projector and viewers for a sensitive word. Check it before showing it.',
  },
  held: { ja: '投影保留', en: 'Held back' },
  consent: { ja: '掲載の同意', en: 'Consent to publish' },
  consentPublic: { ja: '公的機関（不要）', en: 'Public institution (not needed)' },
  consentYes: { ja: '同意あり', en: 'Consented' },
  consentPending: { ja: '未確認', en: 'Not yet' },
  consentNo: { ja: '同意なし', en: 'No consent' },
} as const;
