import { defineStrings } from '../i18n/lang.js';

/** Strings of the history panel (facilitator: save, list, preview and restore versions). */
export const H = defineStrings({
  button: { ja: '履歴', en: 'History' },
  title: { ja: '保存した版（履歴）', en: 'Saved versions (history)' },
  nameLabel: { ja: '版の名前', en: 'Version name' },
  namePlaceholder: { ja: '例：休憩前', en: 'e.g. Before the break' },
  save: { ja: 'この時点を保存', en: 'Save this moment' },
  saving: { ja: '保存しています…', en: 'Saving…' },
  saved: { ja: '「{name}」を保存しました', en: 'Saved “{name}”' },
  empty: { ja: 'まだ保存した版はありません', en: 'No saved versions yet' },
  auto: { ja: '自動', en: 'auto' },
  items: { ja: '{n}件', en: '{n} items' },
  preview: { ja: '中身を見る', en: 'Preview' },
  closePreview: { ja: '閉じる', en: 'Close' },
  previewHead: { ja: '「{name}」の内容（読み取りのみ）', en: 'Contents of “{name}” (read-only)' },
  restore: { ja: 'この版に戻す', en: 'Restore this version' },
  confirm: {
    ja: '「{name}」の内容に戻します。今の内容は「復元前」として保存されるので、あとで元に戻せます。',
    en: 'Go back to “{name}”. The current state is saved as “復元前” (before restore), so this can be undone.',
  },
  confirmYes: { ja: '戻す', en: 'Restore' },
  cancel: { ja: 'やめる', en: 'Cancel' },
  restored: { ja: '「{name}」に戻しました', en: 'Restored “{name}”' },
  error: { ja: 'エラー：{message}', en: 'Error: {message}' },
  refresh: { ja: '更新', en: 'Refresh' },
});
