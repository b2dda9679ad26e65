import * as Y from 'yjs';
import { buildSummary, migrate, publicListing, readWorkshopData, type Summary, type WorkshopData } from '@tsunagu/shared';
import type { RouteDeps } from '../http/routeDeps.js';
import type { OrgWorkshopRow, WorkshopDigestRecord } from '../store/store.js';

/**
 * The city view's extract of one workshop (issue 14): its PUBLIC listing only (the public
 * document as the public exports show it: no held notes, no resource without consent, no
 * item of a restricted category) and its summary. Kept in `workshop_digests` and recomputed
 * only when stale (the public document's last stored seq, its snapshot time or the number
 * of participants changed), so the city view reads stored digests instead of keeping every
 * workshop's document loaded. The restricted document (`<id>/staff`) is never read here.
 */
export interface WorkshopDigest {
  v: typeof DIGEST_VERSION;
  data: WorkshopData;
  summary: Summary;
  counts: { items: number; pins: number; lifted: number };
}

/** Bumped when the digest's shape changes: older stored digests are then recomputed. */
export const DIGEST_VERSION = 1;

/** Read a public document into the digest; `restrictedItems` is always empty. */
export function digestOf(doc: Y.Doc, joined: readonly { kind: string }[]): WorkshopDigest {
  const all = publicListing(readWorkshopData(doc));
  const restrictedCats = new Set(all.categories.filter((c) => c.restricted).map((c) => c.id));
  const data: WorkshopData = { ...all, items: all.items.filter((i) => !restrictedCats.has(i.category)), restrictedItems: [] };
  return {
    v: DIGEST_VERSION,
    data,
    summary: buildSummary(data, { joined }),
    counts: {
      items: data.items.length,
      pins: data.items.filter((i) => i.lat !== undefined).length,
      lifted: data.items.filter((i) => i.liftedAt !== undefined).length,
    },
  };
}

const fresh = (d: WorkshopDigestRecord | undefined, w: OrgWorkshopRow): boolean =>
  !!d && d.upToSeq === w.lastSeq && d.snapshotAt === w.snapshotAt && d.joined === w.joined;

/** Per server: digests being computed (two requests for the same cold workshop share one load). */
const inflight = new WeakMap<RouteDeps['store'], Map<string, Promise<WorkshopDigest>>>();

/**
 * The public document of a workshop, read and dropped: from its room when one is loaded (the
 * freshest state), else straight from the store WITHOUT opening a room (nothing stays loaded).
 */
async function computeDigest(deps: Pick<RouteDeps, 'store' | 'rooms'>, w: OrgWorkshopRow): Promise<WorkshopDigest> {
  const joined = await deps.store.listJoined(w.id);
  if (deps.rooms.isOpen(w.id, false)) {
    const h = await deps.rooms.open(w.id);
    try {
      return digestOf(h.doc, joined);
    } finally {
      h.release();
    }
  }
  const stored = await deps.store.loadDoc(w.id);
  const doc = new Y.Doc({ gc: true });
  try {
    Y.transact(doc, () => {
      if (stored.snapshot) Y.applyUpdateV2(doc, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(doc, u);
    });
    if (doc.share.size > 0) migrate(doc, 'public');
    return digestOf(doc, joined);
  } finally {
    doc.destroy();
  }
}

export interface DigestStats {
  /** Digests recomputed by this call (stale or missing). */
  computed: number;
  reused: number;
}

/**
 * The digest of every workshop of an organisation, recomputing the stale ones (and storing
 * them). Returns them in the order of `workshops`.
 */
export async function orgDigests(
  deps: Pick<RouteDeps, 'store' | 'rooms'>,
  orgId: string,
  workshops?: OrgWorkshopRow[],
  stats: DigestStats = { computed: 0, reused: 0 },
): Promise<{ workshop: OrgWorkshopRow; digest: WorkshopDigest }[]> {
  const list = workshops ?? (await deps.store.listOrgWorkshops(orgId));
  const stored = new Map((await deps.store.listDigests(orgId)).map((d) => [d.workshopId, d]));
  let running = inflight.get(deps.store);
  if (!running) inflight.set(deps.store, (running = new Map()));
  const out: { workshop: OrgWorkshopRow; digest: WorkshopDigest }[] = [];
  for (const w of list) {
    const rec = stored.get(w.id);
    if (fresh(rec, w)) {
      const parsed = JSON.parse(rec!.data) as WorkshopDigest;
      if (parsed.v === DIGEST_VERSION) {
        stats.reused++;
        out.push({ workshop: w, digest: parsed });
        continue;
      }
    }
    let p = running.get(w.id);
    if (!p) {
      const map = running;
      p = (async () => {
        const digest = await computeDigest(deps, w);
        await deps.store.putDigest({ workshopId: w.id, upToSeq: w.lastSeq, snapshotAt: w.snapshotAt, joined: w.joined, data: JSON.stringify(digest), updatedAt: Date.now() });
        return digest;
      })().finally(() => map.delete(w.id));
      running.set(w.id, p);
    }
    stats.computed++;
    out.push({ workshop: w, digest: await p });
    // a cold digest decodes a whole document: let the live workshops' sockets through between two
    await new Promise((r) => setImmediate(r));
  }
  return out;
}
