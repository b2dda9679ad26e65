import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../src/config.js';

/** Settings a typo must not turn into their open form: the start stops instead. */
describe('configFromEnv: who may create workshops and replace the map source', () => {
  it('a laptop (nothing set): creation open, tile import by a workshop’s staff', () => {
    const c = configFromEnv({});
    expect([c.workshopCreation, c.tileImport]).toEqual(['open', 'staff']);
  });

  it('creation limited to coordinators: the map source is the operator’s unless staff import is asked for', () => {
    expect(configFromEnv({ TSUNAGU_WORKSHOP_CREATION: 'coordinators' }).tileImport).toBe('off');
    expect(configFromEnv({ TSUNAGU_WORKSHOP_CREATION: 'coordinators', TSUNAGU_TILE_IMPORT: 'staff' }).tileImport).toBe('staff');
    expect(configFromEnv({ TSUNAGU_TILE_IMPORT: 'off' }).tileImport).toBe('off');
  });

  it('an unknown value stops the start with the setting’s name', () => {
    expect(() => configFromEnv({ TSUNAGU_TILE_IMPORT: 'Off' })).toThrow(/TSUNAGU_TILE_IMPORT must be "staff" or "off"/);
    expect(() => configFromEnv({ TSUNAGU_WORKSHOP_CREATION: 'coordinator' })).toThrow(/TSUNAGU_WORKSHOP_CREATION/);
  });
});
