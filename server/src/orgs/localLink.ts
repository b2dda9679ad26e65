import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_ORG_ID } from '@tsunagu/shared';
import { hashToken } from '../auth/tokens.js';
import type { AsyncStore } from '../store/asyncStore.js';
import { issueCoordinatorToken } from './coordinator.js';

/** Where the laptop keeps the default organisation's coordinator token (mode 0600). */
export const COORDINATOR_LINK_FILE = 'coordinator-link.txt';

const readToken = (file: string): string | null => {
  try {
    const text = fs.readFileSync(file, 'utf8');
    const m = /#token=([A-Za-z0-9_-]{20,200})/.exec(text) ?? /^([A-Za-z0-9_-]{20,200})\s*$/.exec(text);
    return m ? m[1]! : null;
  } catch {
    return null;
  }
};

/** Write the link file (0600: only the laptop's user reads it). */
export function writeCoordinatorLinkFile(dataDir: string, url: string): void {
  const file = path.join(dataDir, COORDINATOR_LINK_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, url + '\n', { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/**
 * The laptop start (embedded SQLite, issue 14): the default organisation's coordinator token
 * from `<dataDir>/coordinator-link.txt` when it is still live; otherwise (first start, the file
 * lost, or the link re-issued by `npm run org -- link default` elsewhere) a new one, written
 * to the file. Returns the token.
 */
export async function ensureLocalCoordinatorToken(store: AsyncStore, dataDir: string, publicUrl: string): Promise<string> {
  const file = path.join(dataDir, COORDINATOR_LINK_FILE);
  const existing = readToken(file);
  if (existing && (await store.findOrgToken(hashToken(existing)))?.orgId === DEFAULT_ORG_ID) return existing;
  const token = await issueCoordinatorToken(store, DEFAULT_ORG_ID, 'laptop');
  writeCoordinatorLinkFile(dataDir, `${publicUrl.replace(/\/+$/, '')}/o/${DEFAULT_ORG_ID}#token=${token}`);
  return token;
}
