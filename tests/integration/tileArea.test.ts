import { afterEach, describe, expect, it } from 'vitest';
import { addArea, addItem } from '@tsunagu/shared';
import type { TsunaguServer } from '@tsunagu/server';
import { api, connectClient, createWorkshop, startServer } from '../helpers/server.js';

/** The standard slippy-map formula. */
function slippy(lat: number, lng: number, z: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lng + 180) / 360) * n), Math.floor(((1 - Math.asinh(Math.tan(r)) / Math.PI) / 2) * n)];
}

let srv: TsunaguServer | null = null;
afterEach(async () => {
  await srv?.close();
  srv = null;
});

describe('what 「この地区の地図を保存」 saves', () => {
  it('the areas and the public pins, squared and grown by 40 % of the side on every side, so a print or a projector has no blank edge', async () => {
    srv = await startServer({ tileUrl: '' });
    const ws = await createWorkshop(srv.url);
    const c = connectClient(srv.url, ws.id, ws.facilitatorToken);
    await c.synced;
    // a 400 m × 330 m area near 本川越, and a resource about 1.5 km east of it
    addArea(c.doc, { id: 'a1', name: '本川越駅前', kind: 'jichikai', polygon: [[35.9235, 139.4835], [35.9235, 139.488], [35.9265, 139.488], [35.9265, 139.4835]] });
    addItem(c.doc, { id: 'far', text: '東の公民館', category: 'ibasho', lat: 35.925, lng: 139.505 });
    const estimate = async () => (await api<{ estimate: { tiles: number; basis: string } }>(srv!.url, 'POST', `/api/workshops/${ws.id}/tiles/prefetch?dryRun=1`, { minZoom: 16, maxZoom: 16 }, ws.facilitatorToken)).body.estimate;
    const end = Date.now() + 10_000;
    while ((await estimate()).basis !== 'areas' || (await estimate()).tiles < 50) {
      if (Date.now() > end) throw new Error('the area and the pin did not reach the server');
      await new Promise((r) => setTimeout(r, 50));
    }
    c.destroy();

    // independently: the box of the area and the pin, made square, then 40 % of the side around
    const south = 35.9235, north = 35.9265, west = 139.4835, east = 139.505;
    const mLat = 111_320;
    const mLng = 111_320 * Math.cos((((south + north) / 2) * Math.PI) / 180);
    const h = (north - south) * mLat;
    const w = (east - west) * mLng;
    const side = Math.max(h, w);
    const ns = Math.max(300, (side - h) / 2 + 0.4 * side) / mLat;
    const ew = Math.max(300, (side - w) / 2 + 0.4 * side) / mLng;
    const [x0, y0] = slippy(north + ns, west - ew, 16);
    const [x1, y1] = slippy(south - ns, east + ew, 16);
    const est = await estimate();
    expect(est.basis).toBe('areas');
    expect(est.tiles).toBe((x1 - x0 + 1) * (y1 - y0 + 1));
    // the pin's own tile and the tiles a side's length beyond the area are in it
    const [px, py] = slippy(35.925, 139.505, 16);
    expect(px).toBeLessThanOrEqual(x1);
    expect(py).toBeGreaterThanOrEqual(y0);
    // roughly square in metres: the 330 m high area now saves as much north–south as east–west
    expect(Math.abs((x1 - x0) - (y1 - y0))).toBeLessThanOrEqual(1);
  });
});
