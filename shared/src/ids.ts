import * as random from 'lib0/random';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A random URL-safe id (no look-alike characters). Uses Web Crypto via lib0 in Node and browsers. */
export function newId(length = 16): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[random.uint32() % ALPHABET.length];
  return s;
}
