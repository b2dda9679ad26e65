import { newJoinCode } from '../auth/tokens.js';
import { HttpError } from '../http/router.js';

/** A write refused by a UNIQUE constraint (PostgreSQL SQLSTATE 23505, SQLite's constraint code). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Store something under a fresh join code. The code's uniqueness comes from the UNIQUE
 * constraint on workshops.join_code, not from a check before the write: two instances (or two
 * requests) may draw the same code at once, and the loser draws again.
 */
export async function withFreshJoinCode<T>(write: (joinCode: string) => Promise<T>, attempts = 50): Promise<{ joinCode: string; value: T }> {
  for (let i = 0; i < attempts; i++) {
    const joinCode = newJoinCode();
    try {
      return { joinCode, value: await write(joinCode) };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw new HttpError(503, 'no free join code; try again');
}
