import { SERVER, itemsMap } from '@tsunagu/shared';
import * as Y from 'yjs';
import type { Config } from '../config.js';
import { decide } from '../authz/policy.js';
import type { Extension } from './extension.js';

/**
 * Authorisation of every write, on the server (issue 11): the role and phase policy and the
 * value checks of server/src/authz/policy.ts, run on the decoded update before it touches the
 * document. A refused update is not applied; the writer gets a notice and is closed with 4413
 * (its client reloads a fresh copy). Updates that could not be integrated now (a clock gap,
 * structs they depend on missing) never get here: the connection refuses them (Peer).
 *
 * After a participant's update that creates notes is applied, the server stamps their
 * authorship from the token (authorId, authorName, authorRole) with the 'server' origin when
 * the client wrote anything else.
 */
export function createAuthorization(config: Config): Extension {
  const limits = config.limits;
  return {
    name: 'authorization',
    beforeApply(ctx) {
      const { peer, room } = ctx;
      const participant = peer.info.role === 'participant';
      if (participant && ctx.update.byteLength > limits.maxParticipantUpdateBytes) {
        return { code: 'update-too-large', detail: `${ctx.update.byteLength} bytes`, limit: limits.maxParticipantUpdateBytes };
      }
      const writes = ctx.writes(); // gaps were refused by the connection already (Peer.receiveUpdate)
      const { refusal, created } = decide(
        { doc: room.doc, restricted: room.restricted, actor: { role: peer.info.role, userId: peer.info.userId }, limits },
        writes,
      );
      if (refusal) return refusal;
      if (participant && created.length > 0) {
        const author = { authorId: peer.info.userId, authorName: peer.info.name.slice(0, 40), authorRole: peer.info.kind };
        ctx.after(() => stampAuthors(room.doc, created, author));
      }
      return null;
    },
  };
}

function stampAuthors(doc: Y.Doc, ids: readonly string[], author: Record<'authorId' | 'authorName' | 'authorRole', string>): void {
  const items = itemsMap(doc);
  const wrong = ids
    .map((id) => items.get(id))
    .filter((m): m is Y.Map<unknown> => m instanceof Y.Map)
    .filter((m) => Object.entries(author).some(([k, v]) => m.get(k) !== v));
  if (wrong.length === 0) return;
  doc.transact(() => {
    for (const m of wrong) for (const [k, v] of Object.entries(author)) if (m.get(k) !== v) m.set(k, v);
  }, SERVER);
}
