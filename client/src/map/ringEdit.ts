import type { Polygon } from '@tsunagu/shared';

/**
 * Pure edits of an area's ring ([lat, lng] points, not closed). The shape editor keeps its
 * drag state in these rings and writes one of them to the document on drop.
 */

/** validateArea needs at least three points: a vertex is never removed below that. */
export const MIN_POINTS = 3;

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** ~10 cm at neighbourhood scale, like the corners placed by AreaDrawer. */
export const roundPoint = (lat: number, lng: number): [number, number] => [round(lat), round(lng)];

export function moveVertex(ring: Polygon, i: number, to: [number, number]): Polygon {
  return ring.map((p, j) => (j === i ? to : p));
}

/** A new vertex after vertex `i` (between i and i + 1, wrapping round to the first). */
export function insertVertex(ring: Polygon, i: number, at: [number, number]): Polygon {
  return [...ring.slice(0, i + 1), at, ...ring.slice(i + 1)];
}

/** The ring without vertex `i`, or the ring itself when that would leave fewer than three points. */
export function removeVertex(ring: Polygon, i: number): Polygon {
  return ring.length > MIN_POINTS ? ring.filter((_, j) => j !== i) : ring;
}

/** The middle of each edge: edge i runs from vertex i to vertex i + 1 (the last one closes the ring). */
export function midpoints(ring: Polygon): [number, number][] {
  return ring.map((p, i) => {
    const q = ring[(i + 1) % ring.length]!;
    return [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];
  });
}
