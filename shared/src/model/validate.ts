/** Small validation helpers shared by the model modules. Each returns an error string or null. */

export type Problems = string[];

export function checkString(p: Problems, name: string, v: unknown, max = 500, optional = false): void {
  if (v === undefined && optional) return;
  if (typeof v !== 'string') p.push(`${name} must be a string`);
  else if (v.length > max) p.push(`${name} is longer than ${max} characters`);
}

export function checkNumber(p: Problems, name: string, v: unknown, optional = false, min = -Infinity, max = Infinity): void {
  if (v === undefined && optional) return;
  if (typeof v !== 'number' || !Number.isFinite(v)) p.push(`${name} must be a finite number`);
  else if (v < min || v > max) p.push(`${name} must be between ${min} and ${max}`);
}

export function checkLatLng(p: Problems, lat: unknown, lng: unknown): void {
  if (lat === undefined && lng === undefined) return;
  checkNumber(p, 'lat', lat, false, -90, 90);
  checkNumber(p, 'lng', lng, false, -180, 180);
}

export const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function checkId(p: Problems, name: string, v: unknown, optional = false): void {
  if (v === undefined && optional) return;
  if (typeof v !== 'string' || !ID_PATTERN.test(v)) p.push(`${name} must be an id (letters, digits, _ or -)`);
}

export function checkColor(p: Problems, name: string, v: unknown, optional = false): void {
  if (v === undefined && optional) return;
  if (typeof v !== 'string' || !COLOR_PATTERN.test(v)) p.push(`${name} must be a colour like #aabbcc`);
}

export class ValidationError extends Error {
  constructor(readonly problems: Problems) {
    super(problems.join('; '));
    this.name = 'ValidationError';
  }
}

export function assertValid(problems: Problems): void {
  if (problems.length > 0) throw new ValidationError(problems);
}
