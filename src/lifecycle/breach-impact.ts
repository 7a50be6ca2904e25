// Breach impact (PIPL Art. 57; GDPR Art. 33-34): from compromised keys, rogue actors or a
// stolen dataset to the affected subjects and fields, the evidence of which data was only
// ever ciphertext (PIPL Art. 57: notifying individuals may be unnecessary when measures
// effectively avoid harm; GDPR Art. 34(3)(a): data unintelligible, e.g. encrypted), and drafts
// of the notices with the fields the law asks for. Drafts only: people decide and complete them.
import { type AuditLog, type AuditSource, streamAudit } from '../audit/index.js';
import type { SubjectKeyStore } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import { classify, type Level, levelRank } from '../schema/index.js';
import type * as z from 'zod';
import { isRecordKey } from './people.js';
import { checkOptions } from '../_internal/options.js';
import { BREACH_OPTIONS } from './option-names.js';

/** What is known to be compromised; give any combination. */
export interface BreachScope {
  /** Leaked KEK ids: every subject whose DEK they wrap is affected. */
  kekIds?: readonly string[];
  /** Leaked DEKs, by subject id (the DEK's key id). */
  subjectIds?: readonly string[];
  /** Actors whose accesses are suspect (a rogue employee, a breached partner account). */
  actorIds?: readonly string[];
  /** Time window `[from, to)` for the actors' accesses (or, without actors, everyone's). */
  window?: { from: Date | string | number; to: Date | string | number };
  /** A stolen copy of stored records: whose, which field paths, and which schemas they follow. */
  stolenData?: { subjectIds: readonly string[]; paths: readonly string[] };
}

/** How exposed one field of one subject is. */
export type ExposureLevel = 'plaintext' | 'masked' | 'ciphertext-only' | 'key-compromised';

/** One exposure of a field. */
export interface Exposure {
  /** Field path, or `*` for every sealed field of the subject (a compromised key). */
  path: string;
  exposure: ExposureLevel;
  /** How: a leaked KEK or DEK, an actor's access, or a stolen copy. */
  via: 'kek' | 'dek' | 'actor' | 'stolen-data';
  /** The actor, for `actor`. */
  actor?: string;
  /** When, for `actor` (ISO 8601). */
  time?: string;
  /** The KEK, for `kek`. */
  kekId?: string;
}

/** One affected subject. */
export interface AffectedSubject {
  subjectId: string;
  exposures: Exposure[];
  /** True when every exposure is ciphertext-only: the notification-exemption evidence. */
  ciphertextOnly: boolean;
}

/** A drafted notice: the fields the law asks for, pre-filled where the data allows. */
export interface BreachNotice {
  /** Who it goes to. */
  to: string[];
  /** Whether it is required as far as the SDK can tell (a person decides). */
  required: boolean;
  /** Why required or not. */
  reasoning: string;
  /** Types of personal information involved (PIPL Art. 57). */
  dataTypes: string[];
  /** Cause of the incident. */
  cause: string;
  /** Possible harm. */
  possibleHarm: string;
  /** Remedial measures taken or recommended. */
  remedies: string[];
  /** What individuals can do to reduce harm. */
  whatIndividualsCanDo: string;
  /** Contact of the processor. */
  contact: string;
  /** Deadline as the law states it. */
  deadline: string;
  /** Affected individuals covered by this notice. */
  subjectCount: number;
}

/** Result of {@link breachImpact}. */
export interface BreachImpactResult {
  /** Affected people (data subjects), sorted by id. */
  subjects: AffectedSubject[];
  /**
   * Affected records' own keys (`record:<id>`: fields outside any subject, such as a parcel's GPS
   * trace), sorted. Records are not people: they are counted here, never in `subjects`.
   */
  records: AffectedSubject[];
  /** Counts; `subjects` and the notices' `subjectCount` count people only. */
  totals: {
    subjects: number;
    records: number;
    ciphertextOnly: number;
    plaintext: number;
    masked: number;
    keyCompromised: number;
  };
  /** Drafted notices. */
  notices: { authority: BreachNotice; individuals: BreachNotice };
}

/** Context of {@link breachImpact}. */
export interface BreachImpactOptions {
  /** The audit log or its entries. */
  audit?: AuditLog | AuditSource;
  /** The subject key store (for leaked KEKs and DEKs). */
  keyStore?: SubjectKeyStore;
  /** Schemas of the stolen data, to tell sealed fields from plaintext ones. */
  schemas?: readonly z.core.$ZodType[];
  /** Level from which fields are sealed (the vault's `sealAtLeast`; default `sensitive`). */
  sealAtLeast?: Level;
  /** The processor's contact for the notices. */
  contact?: string;
  /** Incident id: with an audit log, a `breach.reported` event is appended. */
  incidentId?: string;
  /** Audit actor (default `incident-response`). */
  actor?: string;
}

const TODO = 'TO BE COMPLETED by the incident team';

/**
 * Works out who and what a breach affects and drafts the notices.
 *
 * @param scope - compromised KEKs, DEKs, actors, window, stolen data
 * @param options - audit log, key store, schemas, contact
 * @returns affected subjects with per-field exposure, totals, and notice drafts
 * @throws PiiError INVALID_ARGUMENT when the scope is empty or needs a store or log that was not given
 * @example
 * ```ts
 * import { createAuditLog, memorySink } from 'courier-pii/audit';
 * import { breachImpact } from 'courier-pii/lifecycle';
 * const audit = createAuditLog({ sink: memorySink() });
 * await audit.append({ kind: 'field.view', actor: 'cs-9', purpose: 'support', subjects: ['cust-1'], paths: ['recipient.phone'] });
 * const r = await breachImpact({ actorIds: ['cs-9'] }, { audit });
 * console.log(r.subjects[0]?.exposures[0]?.exposure); // plaintext
 * ```
 */
export async function breachImpact(
  scope: BreachScope,
  options: BreachImpactOptions = {},
): Promise<BreachImpactResult> {
  checkOptions('breachImpact', options, BREACH_OPTIONS);
  const keks = new Set(scope?.kekIds ?? []);
  const deks = new Set(scope?.subjectIds ?? []);
  const actors = new Set(scope?.actorIds ?? []);
  if (keks.size + deks.size + actors.size === 0 && !scope?.window && !scope?.stolenData) {
    throw new PiiError(
      'INVALID_ARGUMENT',
      'Describe the breach: kekIds, subjectIds, actorIds, window or stolenData.',
    );
  }
  const bySubject = new Map<string, Map<string, Exposure>>();
  const add = (subjectId: string, e: Exposure): void => {
    let m = bySubject.get(subjectId);
    if (!m) {
      m = new Map();
      bySubject.set(subjectId, m);
    }
    const k = `${e.path}\u0000${e.exposure}\u0000${e.via}\u0000${e.actor ?? ''}`;
    if (!m.has(k)) m.set(k, e);
  };
  const keyCompromised = new Set<string>();
  const erased = new Set<string>();

  if (keks.size > 0 || deks.size > 0 || scope.stolenData) {
    if (!options.keyStore)
      throw new PiiError('INVALID_ARGUMENT', 'A keyStore is needed to assess leaked keys or stolen data.');
    for await (const r of options.keyStore.list()) {
      if (r.state === 'destroyed') {
        erased.add(r.subjectId);
        continue;
      }
      if (keks.has(r.kekId)) {
        keyCompromised.add(r.subjectId);
        add(r.subjectId, { path: '*', exposure: 'key-compromised', via: 'kek', kekId: r.kekId });
      }
      if (deks.has(r.subjectId)) {
        keyCompromised.add(r.subjectId);
        add(r.subjectId, { path: '*', exposure: 'key-compromised', via: 'dek' });
      }
    }
  }

  if (actors.size > 0 || scope.window) {
    if (!options.audit)
      throw new PiiError('INVALID_ARGUMENT', 'An audit log is needed to assess actors or a time window.');
    const q = {
      kinds: ['field.view', 'access.decision'],
      ...(scope.window ? { from: scope.window.from, to: scope.window.to } : {}),
    };
    for await (const e of streamAudit(options.audit, q)) {
      if (actors.size > 0 && !actors.has(e.actor)) continue;
      const subjects = (e.subjects ?? []).map((s) => (typeof s === 'string' ? s : s.blind));
      const effects: Array<[string, string]> = [];
      if (e.kind === 'field.view') {
        const eff = typeof e.data?.effect === 'string' ? e.data.effect : 'allow';
        for (const p of e.paths ?? []) effects.push([p, eff]);
      } else if (
        e.data?.record === true &&
        e.data.fields &&
        typeof e.data.fields === 'object' &&
        !Array.isArray(e.data.fields)
      ) {
        for (const [p, eff] of Object.entries(e.data.fields)) effects.push([p, String(eff)]);
      }
      for (const s of subjects) {
        for (const [path, eff] of effects) {
          if (eff === 'deny') continue;
          add(s, {
            path,
            exposure: eff === 'mask' ? 'masked' : 'plaintext',
            via: 'actor',
            actor: e.actor,
            time: e.time,
          });
        }
      }
    }
  }

  if (scope.stolenData) {
    const floor = levelRank(options.sealAtLeast ?? 'sensitive');
    const sealed = new Set<string>();
    for (const s of options.schemas ?? [])
      for (const f of classify(s)) if (levelRank(f.level) >= floor) sealed.add(f.path);
    for (const sid of scope.stolenData.subjectIds) {
      for (const path of scope.stolenData.paths) {
        const isSealed = sealed.has(path);
        const readable = !isSealed || (keyCompromised.has(sid) && !erased.has(sid));
        add(sid, { path, exposure: readable ? 'plaintext' : 'ciphertext-only', via: 'stolen-data' });
      }
    }
  }

  const all: AffectedSubject[] = [...bySubject.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([subjectId, m]) => {
      const exposures = [...m.values()];
      return {
        subjectId,
        exposures,
        ciphertextOnly: exposures.every((x) => x.exposure === 'ciphertext-only'),
      };
    });
  // People, not keys: a record's own key is a parcel (people.ts).
  const subjects = all.filter((s) => !isRecordKey(s.subjectId));
  const records = all.filter((s) => isRecordKey(s.subjectId));
  const count = (x: ExposureLevel) =>
    subjects.filter((s) => s.exposures.some((e) => e.exposure === x)).length;
  const totals = {
    subjects: subjects.length,
    records: records.length,
    ciphertextOnly: subjects.filter((s) => s.ciphertextOnly).length,
    plaintext: count('plaintext'),
    masked: count('masked'),
    keyCompromised: count('key-compromised'),
  };
  const dataTypes = [
    ...new Set(
      all.flatMap((s) =>
        s.exposures.map((e) =>
          e.path !== '*'
            ? e.path
            : isRecordKey(s.subjectId)
              ? 'encrypted fields of the record outside any subject'
              : 'all encrypted fields of the subject',
        ),
      ),
    ),
  ].sort();
  const remedies: string[] = [];
  if (keks.size > 0)
    remedies.push(`Rotate away from KEK(s) ${[...keks].join(', ')} (vault.rotateKek) and retire them.`);
  if (deks.size > 0) remedies.push('Re-key or erase the subjects whose DEKs leaked.');
  if (actors.size > 0)
    remedies.push(`Suspend access of actor(s) ${[...actors].join(', ')} and review their grants.`);
  remedies.push(TODO);
  const exposed = subjects.filter((s) => !s.ciphertextOnly).length;
  const contact = options.contact ?? TODO;
  const base = { dataTypes, cause: TODO, possibleHarm: TODO, remedies, whatIndividualsCanDo: TODO, contact };
  const authority: BreachNotice = {
    ...base,
    to: [
      'the authority performing personal information protection duties (PIPL Art. 57)',
      'the local postal administration (Courier Interim Regulations Art. 34, 2019 text)',
      'the EU supervisory authority where GDPR applies (Art. 33)',
    ],
    required: subjects.length > 0,
    reasoning:
      subjects.length > 0
        ? 'Personal information was or may have been leaked: remediate and notify immediately (PIPL Art. 57).'
        : 'No affected subjects were found in the key store or audit log; record the assessment.',
    deadline:
      'immediately (PIPL Art. 57). For incidents graded 较大 (major) or above, the CAC national cybersecurity incident reporting measures (in force 2025-11-01) set hour limits: 1 hour for CII operators, 4 hours to the provincial CAC for other network operators (known from reposts only: see the official text). 72 hours to the authority under GDPR Art. 33.',
    subjectCount: subjects.length,
  };
  const individuals: BreachNotice = {
    ...base,
    to: ['each affected individual whose data was readable'],
    required: exposed > 0,
    reasoning:
      exposed > 0
        ? `${exposed} individuals had readable (plaintext, masked or key-compromised) data exposed.`
        : 'Every exposure was ciphertext under keys that were not compromised: measures that effectively avoid harm (PIPL Art. 57; GDPR Art. 34(3)(a)). The authority may still require notification.',
    deadline: 'immediately (PIPL Art. 57); without undue delay under GDPR Art. 34',
    subjectCount: exposed,
  };
  if (
    options.incidentId &&
    options.audit &&
    typeof (options.audit as AuditLog).append === 'function' &&
    typeof (options.audit as AuditLog).checkpoint === 'function'
  ) {
    await (options.audit as AuditLog).append({
      kind: 'breach.reported',
      actor: options.actor ?? 'incident-response',
      purpose: 'incident-response',
      keyIds: [...keks],
      data: {
        incidentId: options.incidentId,
        affectedSubjects: subjects.length,
        affectedRecords: records.length,
        ciphertextOnly: totals.ciphertextOnly,
        plaintext: totals.plaintext,
      },
    });
  }
  return { subjects, records, totals, notices: { authority, individuals } };
}
