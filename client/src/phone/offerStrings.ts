import { defineStrings } from '../i18n/lang.js';

/** Strings of 「私にできること」 on the phone (offers of help, ニーズとシーズ). */
export const O = defineStrings({
  button: { ja: '私にできること', en: 'I can help' },
  buttonSub: { ja: '雪かき・話し相手・ゴミ出しなど', en: 'Snow shovelling, a chat, rubbish…' },
  title: { ja: '私にできること', en: 'How I can help' },
  whatKind: { ja: 'どんなことで手伝えますか？', en: 'What kind of help?' },
  where: { ja: 'どのあたりで？（家の場所ではなく、地区で）', en: 'Roughly where? (an area, not a house)' },
  anywhere: { ja: 'どこでも・わからない', en: 'Anywhere / not sure' },
  text: { ja: 'ひとことで（例：朝なら雪かきできます）', en: 'In a few words (e.g. I can clear snow in the mornings)' },
  examples: { ja: '例をえらぶ', en: 'Pick an example' },
  send: { ja: '送る', en: 'Send' },
  sending: { ja: '送っています…', en: 'Sending…' },
  empty: { ja: 'ひとこと書いてください。', en: 'Please write a few words.' },
  failed: { ja: '送れませんでした：{message}', en: 'Could not send: {message}' },
  sent: { ja: 'ありがとうございます。「私にできること」を送りました。', en: 'Thank you. Your offer has been sent.' },
  who: { ja: 'お名前（ニックネーム）は社協・スタッフだけが見ます。', en: 'Only staff see your nickname.' },
  mine: { ja: '送った「私にできること」', en: 'Your offers' },
  withdraw: { ja: '取り下げる', en: 'Withdraw' },
  back: { ja: '← もどる', en: '← Back' },
  home: { ja: 'はじめの画面へ', en: 'Back to start' },
});

/** Everyday offers a resident can pick instead of typing (the seeds' examples). */
export const OFFER_EXAMPLES = ['雪かき', '話し相手', 'ゴミ出し', '見守り', '送迎', '買い物の付き添い', '子どもの見守り'] as const;
