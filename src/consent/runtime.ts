// Argument checks and runtime hooks shared by grant, attenuate, verify and revoke.
import { PiiError } from '../errors.js';
import { opaqueIdProblem } from '../schema/index.js';
import type { Ed25519Backend } from './ed25519.js';

/** Seconds since the epoch (rounded down) of a Date or epoch-milliseconds argument. */
export function toSeconds(name: string, v: unknown): number {
  const ms = v instanceof Date ? v.getTime() : v;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms >= 2 ** 32 * 1000) {
    throw new PiiError('INVALID_ARGUMENT', `${name} must be a valid Date or epoch milliseconds (1970-2106).`);
  }
  return Math.floor(ms / 1000);
}

/** A checked random source: the injected one, or the backend's CSPRNG. */
export function randomOf(b: Ed25519Backend, random?: (n: number) => Uint8Array): (n: number) => Uint8Array {
  const r = random ?? b.randomBytes;
  return (n) => {
    const out = r(n);
    if (!(out instanceof Uint8Array) || out.length !== n) {
      throw new PiiError('INVALID_ARGUMENT', `random(${n}) must return ${n} bytes.`);
    }
    return out;
  };
}

/** A non-empty string of at most `max` UTF-8 bytes (ids, purposes, waybill numbers). */
export function checkId(name: string, v: unknown, max = 200): string {
  if (typeof v !== 'string' || v.length === 0 || new TextEncoder().encode(v).length > max) {
    throw new PiiError('INVALID_ARGUMENT', `${name} must be a non-empty string of at most ${max} bytes.`);
  }
  return v;
}

/**
 * An opaque party id (subject, grantee, record id). Tokens are signed, not encrypted, so an id
 * that is itself a phone number, resident ID or email address would leak it to every holder.
 */
export function checkPartyId(name: string, v: unknown): string {
  const s = checkId(name, v);
  if (opaqueIdProblem(s) !== undefined) {
    throw new PiiError(
      'INVALID_ARGUMENT',
      `${name} looks like a phone number, email or ID number; use an opaque id (tokens are readable by their holder).`,
    );
  }
  return s;
}

/** A positive integer use limit. */
export function checkUses(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v >= 2 ** 28) {
    throw new PiiError('INVALID_ARGUMENT', `${name} must be a positive integer below 2^28.`);
  }
  return v;
}
