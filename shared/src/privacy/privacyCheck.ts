/**
 * Privacy check of a note's text before it is sent (docs/ARCHITECTURE.md, «Privacy — not optional»).
 * Pure functions, no DOM: the phone flow and the board both call `checkPrivacy`.
 *
 * - `findings`: the text looks like it holds a personal name (「田中さん」), an address with a
 *   house number (「仲町3-5-2」, 「2丁目5番」) or a phone number. The writer is warned, and may
 *   still send after editing or confirming.
 * - `sensitiveWords`: words such as ごみ屋敷, ひきこもり, 支援拒否. They are a reason to suggest
 *   moving the item to the restricted document (staff only), never a reason to refuse it.
 *
 * The heuristics prefer a few false warnings over a missed name: a warning costs one tap.
 */

export type PrivacyFindingKind = 'name' | 'address' | 'phone' | 'email';

export interface PrivacyFinding {
  kind: PrivacyFindingKind;
  /** The matched text, as written (before normalisation). */
  match: string;
}

export interface PrivacyReport {
  findings: PrivacyFinding[];
  /** Canonical forms of the sensitive words found (e.g. 'ごみ屋敷'). */
  sensitiveWords: string[];
  /** True when any finding exists: warn the writer before sending. */
  warn: boolean;
  /** True when a sensitive word was found: suggest the restricted document. */
  suggestRestricted: boolean;
}

/** Full-width digits, letters and hyphens to half-width (NFKC) and dash variants to '-'. */
export function normalizeForCheck(text: string): string {
  return text.normalize('NFKC').replace(/[‐‑‒–—―−ｰー－](?=\d)/g, '-');
}

const PHONE = [
  /(?<!\d)0\d{1,4}-\d{1,4}-\d{3,4}(?!\d)/g, // 049-222-1234, 090-1234-5678
  /(?<!\d)0[5789]0\d{8}(?!\d)/g, // 09012345678
  /(?<!\d)0\d{9}(?!\d)/g, // 0492221234
  /(?<!\d)\(0\d{1,4}\)\d{1,4}-\d{3,4}(?!\d)/g, // (049)222-1234
];

const ADDRESS = [
  /\d+丁目\d+(番地?|-)\d*(号)?/g, // 2丁目5番3号, 2丁目5-3
  /\d+番地?\d*(の\d+)?号?/g, // 5番地, 12番8号, 5番地の2
  /[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}]\d{1,4}-\d{1,4}(-\d{1,4})?(?![\d-])/gu, // 仲町3-5-2, 元町1-4
  // Kanji numerals (中央町一丁目二番三号, 三丁目十二番地, 五番地の二): a 丁目 followed by a 番, or a 番地.
  /[〇一二三四五六七八九十百千]+丁目[〇一二三四五六七八九十百千\d]+(番地?|の)[〇一二三四五六七八九十百千\d]*(号)?/g,
  /[〇一二三四五六七八九十百千]+番地(の?[〇一二三四五六七八九十百千]+号?)?/g,
  /[〇一二三四五六七八九十百千]+番[〇一二三四五六七八九十百千]+号/g,
];

/** E-mail addresses (ASCII after NFKC, so full-width ＠ is caught too). */
const EMAIL = [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+/g];

/** Words that end in an honorific but do not name a person. */
const NOT_NAMES = [
  'お隣', '隣', 'お向かい', '近所', 'ご近所', '大家', '管理人', '民生委員', '児童委員', '自治会長', '会長', '班長',
  '店員', '職員', '皆', 'みな', 'みんな', 'お母', 'お父', 'おかあ', 'おとう', 'おばあ', 'おじい', 'お婆', 'お爺',
  'お兄', 'お姉', 'おにい', 'おねえ', 'お子', 'お医者', '八百屋', '魚屋', '肉屋', '酒屋', '米屋', '本屋', '床屋',
  'お巡り', 'おまわり', '配達', '郵便屋', '運転手', '保健師', 'ケアマネ', 'ヘルパー', '先生', '住民', '皆様', '各位',
  'お客', '利用者', '高齢者', '子供', '子ども', '赤ちゃん', '娘', '息子', '奥', '旦那', 'お嫁', 'お婿', '誰か',
  'どなた', 'あの人', 'この人', 'おじ', 'おば', '新人', '一人暮らし', '独居', 'CSW', '包括', '社協',
];

const HONORIFIC = /([\p{Script=Han}\p{Script=Katakana}ー]{1,5}|[\p{Script=Hiragana}]{2,4})(さん|さま|様|氏|くん|君|ちゃん|殿)/gu;

/** The most common surnames: 「佐藤家」「鈴木宅」 name a household even without an honorific. */
const SURNAMES = [
  '佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '渡邊', '山本', '中村', '小林', '加藤', '吉田', '山田', '佐々木',
  '山口', '松本', '井上', '木村', '清水', '斎藤', '斉藤', '山崎', '森', '池田', '橋本', '阿部', '石川', '山下',
  '中島', '石井', '小川', '前田', '岡田', '長谷川', '藤田', '後藤', '近藤', '村上', '遠藤', '青木', '坂本', '斉藤',
  '福田', '太田', '西村', '藤井', '金子', '岡本', '藤原', '中野', '三浦', '原田', '中川', '松田', '竹内', '小野',
  '田村', '中山', '和田', '石田', '森田', '上田', '原', '内田', '柴田', '酒井', '宮崎', '横山', '高木', '安藤',
];
const HOUSEHOLD = new RegExp(`(${SURNAMES.join('|')})(家|宅|さんち)`, 'g');

/** Sensitive words (canonical form first, then variants). Matched after NFKC, katakana→hiragana. */
const SENSITIVE: readonly (readonly string[])[] = [
  ['ごみ屋敷', 'ゴミ屋敷', 'ごみやしき', '塵屋敷'],
  ['ひきこもり', '引きこもり', '引き籠もり', '引き籠り', '引きこもっ', 'ひきこもっ'],
  ['支援拒否', 'サービス拒否', '介入拒否', '支援を拒否', '支援を拒'],
  ['セルフネグレクト'],
  ['虐待'],
  ['DV', 'ドメスティックバイオレンス', '家庭内暴力'],
  ['孤独死', '孤立死'],
  ['徘徊'],
  ['認知症の疑い', '認知症かも'],
  ['認知症の○○さん'],
  ['8050'],
  ['生活保護'],
  ['借金', '多重債務'],
  ['自殺', '自死'],
];

const toHiragana = (s: string): string => s.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));

function collect(text: string, kind: PrivacyFindingKind, patterns: readonly RegExp[], out: PrivacyFinding[]): void {
  for (const re of patterns) for (const m of text.matchAll(re)) out.push({ kind, match: m[0] });
}

export function findNames(text: string): PrivacyFinding[] {
  const out: PrivacyFinding[] = [];
  for (const m of text.matchAll(HONORIFIC)) {
    const stem = m[1] ?? '';
    if (NOT_NAMES.some((w) => stem === w || stem.endsWith(w))) continue;
    out.push({ kind: 'name', match: m[0] });
  }
  for (const m of text.matchAll(HOUSEHOLD)) out.push({ kind: 'name', match: m[0] });
  return out;
}

const DIAGNOSIS_OF_PERSON = /(認知症|統合失調症|うつ病|アルコール依存症?)の[^\s、。]{1,8}(さん|さま|様|氏|くん|ちゃん)/u;

/** The canonical sensitive words (the configurable list's defaults). */
export const DEFAULT_SENSITIVE_WORDS: readonly string[] = SENSITIVE.map((v) => v[0]!);

/** Words a workshop adds to the list (e.g. a local term); matched like the defaults. */
export function findSensitiveWords(text: string, extraWords: readonly string[] = []): string[] {
  const hay = toHiragana(normalizeForCheck(text));
  const found: string[] = [];
  for (const [canonical, ...variants] of SENSITIVE) {
    if (canonical === '認知症の○○さん') continue;
    if ([canonical!, ...variants].some((w) => hay.includes(toHiragana(w.normalize('NFKC'))))) found.push(canonical!);
  }
  // A named person with a diagnosis (認知症の田中さん, 認知症のおばあさん is not a name but still a person).
  if (DIAGNOSIS_OF_PERSON.test(normalizeForCheck(text))) found.push('認知症の○○さん');
  for (const w of extraWords) if (w && hay.includes(toHiragana(w.normalize('NFKC'))) && !found.includes(w)) found.push(w);
  return found;
}

/** Check a note's text. Empty text gives an empty report. */
export function checkPrivacy(text: string, extraWords: readonly string[] = []): PrivacyReport {
  const norm = normalizeForCheck(text);
  const findings: PrivacyFinding[] = [];
  collect(norm, 'phone', PHONE, findings);
  // A phone number also matches the address patterns' digit groups; report it once, as a phone.
  const phones = findings.map((f) => f.match);
  const addr: PrivacyFinding[] = [];
  collect(norm, 'address', ADDRESS, addr);
  for (const a of addr) if (!phones.some((p) => p.includes(a.match.replace(/^\D/, '')))) findings.push(a);
  findings.push(...findNames(norm));
  collect(norm, 'email', EMAIL, findings);
  const sensitiveWords = findSensitiveWords(text, extraWords);
  return { findings, sensitiveWords, warn: findings.length > 0, suggestRestricted: sensitiveWords.length > 0 };
}
