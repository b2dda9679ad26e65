import { addPin, type ItemInput } from '@tsunagu/shared';
import { connectClient, createWorkshop, type CreatedWorkshop, type TestClient } from '../helpers/server.js';

/**
 * Seed data for the map tests, written by a real staff y-websocket client: four public pins
 * (a need and a resource in 仲町自治会, a gap in 元町自治会, a resource in the 小学校区 only)
 * and one restricted 心配な世帯 pin in 仲町 holding a secret text.
 */
export const SECRET = '秘密テスト世帯ABC';

export const PUBLIC_PINS: (ItemInput & { lat: number; lng: number })[] = [
  { id: 'pinNeedNakacho', text: '一人暮らしの高齢者が多い', category: 'mimamori', lat: 35.93, lng: 139.478 },
  { id: 'pinSalonNakacho', text: '公民館のサロン', category: 'ibasho', lat: 35.9335, lng: 139.4825 },
  { id: 'pinGapMotomachi', text: '買い物できる店がほしい', category: 'attara', lat: 35.918, lng: 139.478 },
  { id: 'pinShokudoSchool', text: '子ども食堂（月2回）', category: 'kodomo-shokudo', lat: 35.936, lng: 139.495 },
];
export const RESTRICTED_PIN = { id: 'pinConcern', text: SECRET, category: 'shinpai', lat: 35.9285, lng: 139.475 };

export interface Seeded {
  ws: CreatedWorkshop;
  staff: TestClient;
  staffRestricted: TestClient;
  close(): void;
}

export async function seedWorkshop(base: string): Promise<Seeded> {
  const ws = await createWorkshop(base);
  const staff = connectClient(base, ws.id, ws.staffToken);
  const staffRestricted = connectClient(base, ws.id, ws.staffToken, { restricted: true });
  await Promise.all([staff.synced, staffRestricted.synced]);
  for (const p of PUBLIC_PINS) addPin(staff.doc, { ...p, authorName: 'テスト', authorRole: 'csw' });
  addPin(staffRestricted.doc, { ...RESTRICTED_PIN }, { areasDoc: staff.doc });
  return {
    ws,
    staff,
    staffRestricted,
    close: () => {
      staff.destroy();
      staffRestricted.destroy();
    },
  };
}
