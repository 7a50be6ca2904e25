// Length limits on the strings of a decision request. They are checked before anything reads
// the strings: a decision with an audit log hands the purpose, roles and actor id to the
// audit log's PII guard, and a caller-supplied string of megabytes must be refused, not
// scanned. A policy's own purposes and roles are at most 100 characters (spec.ts), so a
// longer one could never match; actor ids are opaque ids, never documents.
import { PiiError } from '../errors.js';

/** @internal longest purpose or role a request may carry (as long as a policy's own names) */
export const MAX_NAME_LENGTH = 100;
/** @internal most roles one actor may hold (as many as a policy may declare) */
export const MAX_ROLES = 1000;
/** @internal longest actor id */
export const MAX_ACTOR_ID_LENGTH = 256;

function tooLong(what: string, max: number): PiiError {
  return new PiiError(
    'INVALID_ARGUMENT',
    `${what} is longer than ${max} characters; pass an opaque id or a name the policy declares.`,
  );
}

/** @internal Throws INVALID_ARGUMENT when the actor id, purpose or a role is over its limit. */
export function checkRequestLengths(actorId: string, purpose: unknown, roles: unknown): void {
  if (actorId.length > MAX_ACTOR_ID_LENGTH) throw tooLong('actor.id', MAX_ACTOR_ID_LENGTH);
  if (typeof purpose === 'string' && purpose.length > MAX_NAME_LENGTH)
    throw tooLong('purpose', MAX_NAME_LENGTH);
  if (!Array.isArray(roles)) return;
  if (roles.length > MAX_ROLES) {
    throw new PiiError('INVALID_ARGUMENT', `actor.roles holds more than ${MAX_ROLES} roles.`);
  }
  for (const r of roles) {
    if (typeof r === 'string' && r.length > MAX_NAME_LENGTH)
      throw tooLong('a role in actor.roles', MAX_NAME_LENGTH);
  }
}
