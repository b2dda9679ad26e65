import { describe, expect, it } from 'vitest';
import { checkPrivacy, findSensitiveWords, privacyMessageKeys } from '../src/privacy/index.js';

const kinds = (text: string) => checkPrivacy(text).findings.map((f) => f.kind);

describe('checkPrivacy', () => {
  it.each([
    ['田中さんが一人で困っている', 'name'],
    ['角の鈴木様のお宅', 'name'],
    ['佐藤家のおばあちゃん', 'name'],
    ['ヤマダさんが最近見かけない', 'name'],
    ['仲町3-5-2に住んでいる方', 'address'],
    ['元町２丁目５番３号のアパート', 'address'],
    ['本町12番地の裏', 'address'],
    ['電話は049-222-1234', 'phone'],
    ['連絡先 09012345678', 'phone'],
    ['携帯０９０－１２３４－５６７８', 'phone'],
  ])('warns on %s (%s)', (text, kind) => {
    const report = checkPrivacy(text);
    expect(report.warn).toBe(true);
    expect(kinds(text)).toContain(kind);
  });

  it.each([
    '一人暮らしの高齢者が増えている',
    'お隣さんとの付き合いが減った',
    '民生委員さんが足りない',
    '空き家が多い',
    'バスが1日3本しかない',
    '2丁目のあたりに買い物できる店がない',
    '公民館で毎週サロンをしている',
    '子ども食堂を月2回ひらきたい',
    '',
  ])('does not warn on %s', (text) => {
    expect(checkPrivacy(text)).toMatchObject({ warn: false, findings: [] });
  });

  it('reports a phone number once, as a phone', () => {
    expect(kinds('電話049-222-1234')).toEqual(['phone']);
  });

  it('suggests the restricted document for sensitive words, in any script', () => {
    expect(findSensitiveWords('ゴミ屋敷になっている家がある')).toEqual(['ごみ屋敷']);
    expect(findSensitiveWords('息子さんがヒキコモリらしい')).toEqual(['ひきこもり']);
    expect(findSensitiveWords('支援拒否の世帯')).toEqual(['支援拒否']);
    const r = checkPrivacy('引きこもりの人がいる');
    expect(r).toMatchObject({ suggestRestricted: true, warn: false });
    expect(privacyMessageKeys(r)).toEqual(['sensitive']);
    expect(checkPrivacy('サロンが楽しい').suggestRestricted).toBe(false);
  });

  it('orders message keys: name, address, phone, sensitive', () => {
    const r = checkPrivacy('ごみ屋敷の田中さん 仲町3-5-2 049-222-1234');
    expect(privacyMessageKeys(r)).toEqual(['name', 'address', 'phone', 'sensitive']);
  });
});
