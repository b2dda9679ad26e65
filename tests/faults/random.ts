/** A small seeded PRNG (mulberry32) so a failing fault run can be replayed with FAULT_SEED. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function faultSeed(): number {
  const fromEnv = Number(process.env.FAULT_SEED);
  return Number.isFinite(fromEnv) && process.env.FAULT_SEED ? fromEnv : Date.now() % 1_000_000;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
