/**
 * Printed pins that would cover each other's numbers are spread apart: pins closer than
 * `minDist` (screen px) are set on a ring around their cluster's centre, then any pair still
 * too close is pushed apart a little at a time. The map draws a leader line from each moved
 * badge to its true point, so every number shows and every place stays exact.
 */
export interface Pt {
  x: number;
  y: number;
}

export function spreadPoints(points: readonly Pt[], minDist: number, rounds = 80): Pt[] {
  const n = points.length;
  const out = points.map((p) => ({ x: p.x, y: p.y }));
  if (n < 2) return out;
  // clusters: pins linked by a chain of too-close neighbours
  const parent = points.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) if (Math.hypot(points[i]!.x - points[j]!.x, points[i]!.y - points[j]!.y) < minDist) parent[find(i)] = find(j);
  const clusters = new Map<number, number[]>();
  for (let i = 0; i < n; i++) clusters.set(find(i), [...(clusters.get(find(i)) ?? []), i]);
  for (const members of clusters.values()) {
    if (members.length < 2) continue;
    const cx = members.reduce((s, i) => s + points[i]!.x, 0) / members.length;
    const cy = members.reduce((s, i) => s + points[i]!.y, 0) / members.length;
    // a ring whose circumference holds every badge a little more than minDist apart
    const r = Math.max(minDist * 0.75, (members.length * minDist * 1.1) / (2 * Math.PI));
    // around the ring in the order of each pin's own direction from the centre (keeps neighbours near)
    const ordered = [...members].sort((a, b) => Math.atan2(points[a]!.y - cy, points[a]!.x - cx) - Math.atan2(points[b]!.y - cy, points[b]!.x - cx) || a - b);
    ordered.forEach((i, k) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * k) / ordered.length;
      out[i] = { x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle) };
    });
  }
  // rings of nearby clusters may still touch: push pairs apart until none is too close
  for (let round = 0; round < rounds; round++) {
    let moved = false;
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const a = out[i]!;
        const b = out[j]!;
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        let d = Math.hypot(dx, dy);
        if (d >= minDist) continue;
        if (d < 1e-6) {
          const angle = (2 * Math.PI * ((i * 7 + j) % 12)) / 12;
          dx = Math.cos(angle);
          dy = Math.sin(angle);
          d = 1;
        }
        const push = (minDist - d) / 2 + 0.01;
        a.x -= (dx / d) * push;
        a.y -= (dy / d) * push;
        b.x += (dx / d) * push;
        b.y += (dy / d) * push;
        moved = true;
      }
    if (!moved) break;
  }
  return out;
}
