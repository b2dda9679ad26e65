/**
 * Default columns, column templates and categories (docs/ARCHITECTURE.md, «Vocabulary»). Ids are the product's and
 * stable; labels are Japanese first with English beside them.
 */

export type CategoryKind = 'need' | 'resource' | 'gap' | 'place';
export const CATEGORY_KINDS: readonly CategoryKind[] = ['need', 'resource', 'gap', 'place'];

export interface ColumnDef {
  id: string;
  label: string;
  labelEn: string;
  color: string;
}

export interface CategoryDef {
  id: string;
  label: string;
  labelEn: string;
  kind: CategoryKind;
  color: string;
  icon: string;
  restricted: boolean;
}

/** The column every new item starts in. */
export const POOL_COLUMN = 'pool';

/** Default columns: 出てきた課題 / 行政がやるべきこと / 住民がやるべきこと / 一緒にやること. */
export const DEFAULT_COLUMNS: readonly ColumnDef[] = [
  { id: 'pool', label: '出てきた課題', labelEn: 'Issues raised', color: '#eceff1' },
  { id: 'gyosei', label: '行政がやるべきこと', labelEn: 'For the administration', color: '#e3f2fd' },
  { id: 'jumin', label: '住民がやるべきこと', labelEn: 'For residents', color: '#e8f5e9' },
  { id: 'kyodo', label: '一緒にやること', labelEn: 'Together', color: '#fff3e0' },
];

export interface ColumnTemplate {
  id: string;
  label: string;
  labelEn: string;
  columns: readonly ColumnDef[];
}

const pool = DEFAULT_COLUMNS[0]!;

export const COLUMN_TEMPLATES: readonly ColumnTemplate[] = [
  { id: 'default', label: '行政／住民／一緒に', labelEn: 'Administration / residents / together', columns: DEFAULT_COLUMNS },
  {
    id: 'jijo',
    label: '自助・互助・共助・公助',
    labelEn: 'Self / mutual / social / public help',
    columns: [
      pool,
      { id: 'jijo', label: '自助', labelEn: 'Self-help', color: '#f3e5f5' },
      { id: 'gojo', label: '互助', labelEn: 'Mutual help', color: '#e8f5e9' },
      { id: 'kyojo', label: '共助', labelEn: 'Social insurance', color: '#fff3e0' },
      { id: 'kojo', label: '公助', labelEn: 'Public help', color: '#e3f2fd' },
    ],
  },
  {
    id: 'sansha',
    label: '住民／社協・専門機関／行政',
    labelEn: 'Residents / council & specialists / administration',
    columns: [
      pool,
      { id: 'jumin', label: '住民', labelEn: 'Residents', color: '#e8f5e9' },
      { id: 'shakyo', label: '社協・専門機関', labelEn: 'Council & specialists', color: '#fff3e0' },
      { id: 'gyosei', label: '行政', labelEn: 'Administration', color: '#e3f2fd' },
    ],
  },
  {
    id: 'service',
    label: '個人・地域でできること／必要なサービス',
    labelEn: 'What people and the area can do / services needed',
    columns: [
      pool,
      { id: 'chiiki', label: '個人・地域でできること', labelEn: 'People and the area can do', color: '#e8f5e9' },
      { id: 'service', label: '必要なサービス', labelEn: 'Services needed', color: '#e3f2fd' },
      { id: 'tsunagu', label: '専門機関につなぐ', labelEn: 'Hand to specialists', color: '#fce4ec' },
    ],
  },
];

export const DEFAULT_CATEGORIES: readonly CategoryDef[] = [
  // needs
  { id: 'mimamori', label: '見守り・孤立', labelEn: 'Isolation / watching over', kind: 'need', color: '#e57373', icon: '👀', restricted: false },
  { id: 'koreikaigo', label: '高齢・介護', labelEn: 'Ageing / care', kind: 'need', color: '#f06292', icon: '🧓', restricted: false },
  { id: 'kosodate', label: '子ども・子育て', labelEn: 'Children / parenting', kind: 'need', color: '#ffb74d', icon: '👶', restricted: false },
  { id: 'shogai', label: '障害', labelEn: 'Disability', kind: 'need', color: '#ba68c8', icon: '♿', restricted: false },
  { id: 'konkyu', label: '生活困窮', labelEn: 'Poverty', kind: 'need', color: '#a1887f', icon: '💴', restricted: false },
  { id: 'sumai', label: '住まい・ごみ', labelEn: 'Housing / rubbish', kind: 'need', color: '#90a4ae', icon: '🏠', restricted: false },
  { id: 'ido', label: '移動・買い物', labelEn: 'Transport / shopping', kind: 'need', color: '#4fc3f7', icon: '🚌', restricted: false },
  { id: 'bosai', label: '防災', labelEn: 'Disaster preparedness', kind: 'need', color: '#ff8a65', icon: '⛑', restricted: false },
  { id: 'hazama', label: '制度の狭間', labelEn: 'Between the systems', kind: 'need', color: '#7986cb', icon: '🧩', restricted: false },
  { id: 'need-other', label: 'その他', labelEn: 'Other', kind: 'need', color: '#bdbdbd', icon: '💬', restricted: false },
  // resources
  { id: 'ibasho', label: '居場所・サロン', labelEn: 'Drop-in place / salon', kind: 'resource', color: '#66bb6a', icon: '☕', restricted: false },
  { id: 'kodomo-shokudo', label: '子ども食堂', labelEn: "Children's cafeteria", kind: 'resource', color: '#9ccc65', icon: '🍙', restricted: false },
  { id: 'kayoi', label: '通いの場・自主グループ', labelEn: 'Community group', kind: 'resource', color: '#26a69a', icon: '🤝', restricted: false },
  { id: 'sodan', label: '相談窓口', labelEn: 'Consultation desk', kind: 'resource', color: '#29b6f6', icon: '📞', restricted: false },
  { id: 'idohanbai', label: '移動販売・買い物支援', labelEn: 'Mobile shop / shopping help', kind: 'resource', color: '#26c6da', icon: '🛒', restricted: false },
  { id: 'iryo-kaigo', label: '医療・介護', labelEn: 'Medical / care services', kind: 'resource', color: '#42a5f5', icon: '🏥', restricted: false },
  { id: 'shisetsu', label: '学校・公民館・集会所', labelEn: 'School / community hall', kind: 'resource', color: '#8d6e63', icon: '🏫', restricted: false },
  { id: 'hinanjo', label: '避難所・防災', labelEn: 'Evacuation site', kind: 'resource', color: '#ef5350', icon: '🚩', restricted: false },
  // gap
  { id: 'attara', label: 'あったらいいな', labelEn: 'Wish we had', kind: 'gap', color: '#ffd54f', icon: '💡', restricted: false },
  // restricted
  { id: 'shinpai', label: '心配な世帯', labelEn: 'Household of concern', kind: 'need', color: '#6d4c41', icon: '🔒', restricted: true },
];

export const DEFAULT_CATEGORY_ID = 'need-other';
export const RESTRICTED_CATEGORY_ID = 'shinpai';
