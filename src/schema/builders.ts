import * as z from 'zod';
import { PiiError } from '../errors.js';
import { type Kind, isKind, kindSpecs } from './kinds.js';
import { type Level, isLevel } from './levels.js';
import { builtChecks } from './leaf-schemas.js';
import { type PiiTag, addMeta, getTag } from './registry.js';
import type { RedactOnSealBrand, SubjectBrand, Tagged } from './types.js';
import {
  bankCardProblem,
  birthDateProblem,
  hkIdProblem,
  normalizeEmail,
  normalizeLandline,
  normalizeName,
  normalizePassport,
  normalizePhone,
  pickupCodeProblem,
  residentIdProblem,
  twIdProblem,
  waybillProblem,
} from './validators.js';
import { checkOptions } from '../_internal/options.js';
import { BUILDER_OPTIONS, KIND_OPTIONS } from './option-names.js';

/** Options every kind builder takes. */
export interface KindOptions<L extends Level = Level> {
  /** Override the kind's default level. */
  level?: L;
  /** Field-specific retention, an ISO-8601 duration such as `P90D`. */
  retention?: string;
}

/** Options of `pii.phone()`. */
export interface PhoneOptions<L extends Level = Level> extends KindOptions<L> {
  /** Accept non-mainland numbers in E.164 form (default true). */
  international?: boolean;
}

/** Which identity documents `pii.idNumber()` accepts. */
export type IdDocument = 'mainland' | 'hk' | 'tw';

/** Options of `pii.idNumber()`. */
export interface IdNumberOptions<L extends Level = Level> extends KindOptions<L> {
  /** Accepted documents (default `['mainland']`). */
  accept?: IdDocument[];
  /** Accept the 15-digit legacy resident ID (default true). */
  legacy?: boolean;
}

/** Options of `pii.freeText()`. */
export interface FreeTextOptions<
  L extends Level = Level,
  O extends 'redact' | undefined = 'redact' | undefined,
> extends KindOptions<L> {
  /** Maximum length in UTF-16 code units (default 2000). */
  max?: number;
  /**
   * `'redact'`: when sealing, also store the text's `redact()` output in clear (searchable,
   * phones and ID numbers masked) next to the sealed original; views that mask the field show
   * that text without decrypting. Needs level `sensitive` (the default) and a vault created with
   * `redactText`. docs/concepts.md, "Free text".
   */
  onSeal?: O;
}

/** What the geo point schema accepts: an object (not an array) with lat and lng in range. */
function geoPoint(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const { lat, lng } = v as { lat?: unknown; lng?: unknown };
  return (
    typeof lat === 'number' &&
    Number.isFinite(lat) &&
    lat >= -90 &&
    lat <= 90 &&
    typeof lng === 'number' &&
    Number.isFinite(lng) &&
    lng >= -180 &&
    lng <= 180
  );
}

const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

function tagSchema<S extends z.ZodType, L extends Level, K extends Kind>(
  schema: S,
  kind: K,
  level: L,
  retention: string | undefined,
  onSeal?: 'redact',
): Tagged<S, L, K> {
  if (!isLevel(level)) throw new PiiError('SCHEMA_INVALID', 'level must be public, internal or sensitive.');
  if (!isKind(kind))
    throw new PiiError('SCHEMA_INVALID', 'kind must be one of KINDS (see courier-pii/schema).');
  if (retention !== undefined && !DURATION.test(retention)) {
    throw new PiiError('SCHEMA_INVALID', 'retention must be an ISO-8601 duration such as P90D or P3Y.');
  }
  const tag: PiiTag = retention === undefined ? { level, kind } : { level, kind, retention };
  if (onSeal !== undefined) tag.onSeal = onSeal;
  addMeta(schema, { tag });
  return schema as Tagged<S, L, K>;
}

/** A string schema that checks `problem` (a reason or undefined) and normalizes valid values. */
function kindString(
  kind: Kind,
  problem: (v: string) => string | undefined,
  normalize?: (v: string) => string | undefined,
  normal?: RegExp,
): z.ZodString {
  const s = z.string().superRefine((v, ctx) => {
    const p = problem(v);
    // The message names the kind and the rule, never the value.
    if (p !== undefined) ctx.addIssue({ code: 'custom', message: `${kind}: ${p}` });
  });
  const out = normalize ? s.overwrite((v) => (problem(v) === undefined ? (normalize(v) ?? v) : v)) : s;
  // What the parse accepts (the overwrite never fails), for the vault's check of opened values;
  // `normal` matches only values the problem accepts (the common stored form), tested first.
  builtChecks.set(
    out,
    normal
      ? (v) => typeof v === 'string' && (normal.test(v) || problem(v) === undefined)
      : (v) => typeof v === 'string' && problem(v) === undefined,
  );
  return out;
}

function level<L extends Level>(kind: Kind, opts: KindOptions<L> | undefined): L {
  checkOptions(`pii.${kind}`, opts, BUILDER_OPTIONS[kind] ?? KIND_OPTIONS);
  return (opts?.level ?? kindSpecs[kind].defaultLevel) as L;
}

/** A Chinese name as stored (NFC-stable ideographs and `·`, no space, 1-64 long): nameProblem accepts it. */
const CJK_NAME = /^[\u3400-\u9fff·]{1,64}$/;
/** A mainland mobile in E.164, as phones are stored: phoneProblem accepts it in either mode. */
const E164_MOBILE = /^\+861[3-9]\d{9}$/;

function nameProblem(v: string): string | undefined {
  const s = normalizeName(v);
  if (s.length === 0) return 'must not be empty';
  if (s.length > 64) return 'must be at most 64 characters';
  if (/[\d@#$%^&*=+<>{}[\]|\\/]/.test(s)) return 'must not contain digits or symbols';
  return undefined;
}

function phoneProblem(international: boolean) {
  return (v: string): string | undefined => {
    const n = normalizePhone(v);
    if (n === undefined)
      return 'must be a mainland mobile (1[3-9] + 9 digits, optional +86) or an E.164 number';
    if (!international && !n.startsWith('+86')) return 'must be a mainland mobile number';
    return undefined;
  };
}

function idProblem(accept: IdDocument[], legacy: boolean) {
  return (raw: string): string | undefined => {
    const v = raw.trim().toUpperCase();
    let first: string | undefined;
    for (const doc of accept) {
      const p =
        doc === 'mainland'
          ? !legacy && /^\d{15}$/.test(v)
            ? 'the 15-digit legacy form is not accepted'
            : residentIdProblem(v)
          : doc === 'hk'
            ? hkIdProblem(v)
            : twIdProblem(v);
      if (p === undefined) return undefined;
      first ??= p;
    }
    return first;
  };
}

const IDENT = /^[a-z][a-zA-Z0-9_-]*$/;

/**
 * The sensitivity-tagged zod v4 builders: one per kind, plus `tag`, `subject`, `public`, `id`.
 * Every builder validates, normalizes (phones to E.164, IDs to upper case ...) and records its
 * tag in {@link piiRegistry}. Validation messages name the kind and rule, never the value.
 *
 * @example
 * ```ts
 * import { pii, classify } from 'courier-pii/schema';
 * import * as z from 'zod';
 * const Recipient = pii.subject('recipient', z.object({ name: pii.name(), phone: pii.phone() }));
 * console.log(Recipient.parse({ name: '张三', phone: '138 1234 5678' }).phone); // +8613812345678
 * console.log(classify(Recipient).map((f) => `${f.path}:${f.level}`).join(' ')); // name:internal phone:sensitive
 * ```
 */
export const pii = {
  /** Personal name (Chinese, `·` names, Latin). Default level internal. */
  name<const L extends Level = 'internal'>(opts?: KindOptions<L>) {
    return tagSchema(
      kindString('name', nameProblem, normalizeName, CJK_NAME),
      'name',
      level('name', opts),
      opts?.retention,
    );
  },
  /** Mobile or international phone, normalized to E.164. Default level sensitive. */
  phone<const L extends Level = 'sensitive'>(opts?: PhoneOptions<L>) {
    return tagSchema(
      kindString('phone', phoneProblem(opts?.international ?? true), normalizePhone, E164_MOBILE),
      'phone',
      level('phone', opts),
      opts?.retention,
    );
  },
  /** Mainland landline with optional extension, normalized to `0AA-NNNNNNNN[-EXT]`. Default internal. */
  landline<const L extends Level = 'internal'>(opts?: KindOptions<L>) {
    return tagSchema(
      kindString(
        'landline',
        (v) => (normalizeLandline(v) ? undefined : 'must be an area code and a 7-8 digit number'),
        normalizeLandline,
      ),
      'landline',
      level('landline', opts),
      opts?.retention,
    );
  },
  /** Postal address. Default level sensitive. */
  address<const L extends Level = 'sensitive'>(opts?: KindOptions<L>) {
    return tagSchema(
      kindString(
        'address',
        (v) =>
          v.trim().length < 2
            ? 'must be at least 2 characters'
            : v.length > 300
              ? 'must be at most 300 characters'
              : undefined,
        (v) => v.trim().replace(/\s+/g, ' '),
      ),
      'address',
      level('address', opts),
      opts?.retention,
    );
  },
  /** Resident ID (GB 11643, checksum and birth date), optionally HK and Taiwan IDs. Default sensitive. */
  idNumber<const L extends Level = 'sensitive'>(opts?: IdNumberOptions<L>) {
    const accept = opts?.accept ?? ['mainland'];
    return tagSchema(
      kindString('idNumber', idProblem(accept, opts?.legacy ?? true), (v) => v.trim().toUpperCase()),
      'idNumber',
      level('idNumber', opts),
      opts?.retention,
    );
  },
  /** Passport or travel permit number, normalized to upper case. Default sensitive. */
  passport<const L extends Level = 'sensitive'>(opts?: KindOptions<L>) {
    return tagSchema(
      kindString(
        'passport',
        (v) => (normalizePassport(v) ? undefined : 'must be 6 to 10 letters and digits'),
        normalizePassport,
      ),
      'passport',
      level('passport', opts),
      opts?.retention,
    );
  },
  /** Email address; the domain is normalized to lower case. Default internal. */
  email<const L extends Level = 'internal'>(opts?: KindOptions<L>) {
    return tagSchema(
      kindString(
        'email',
        (v) => (normalizeEmail(v) ? undefined : 'must be an address like name@example.com'),
        normalizeEmail,
      ),
      'email',
      level('email', opts),
      opts?.retention,
    );
  },
  /** Bank card number (Luhn); spaces and dashes removed. Default sensitive. */
  bankCard<const L extends Level = 'sensitive'>(opts?: KindOptions<L>) {
    return tagSchema(
      kindString('bankCard', bankCardProblem, (v) => v.replace(/[\s-]/g, '')),
      'bankCard',
      level('bankCard', opts),
      opts?.retention,
    );
  },
  /** Waybill number (carrier prefix + digits, 12-15 digits, UPU S10). Default internal. */
  waybillNo<const L extends Level = 'internal'>(opts?: KindOptions<L>) {
    return tagSchema(
      kindString(
        'waybillNo',
        (v) => waybillProblem(v.trim().toUpperCase()),
        (v) => v.trim().toUpperCase(),
      ),
      'waybillNo',
      level('waybillNo', opts),
      opts?.retention,
    );
  },
  /** Pickup code (`3-2-1234`, 4-8 letters and digits). Default sensitive: it releases the parcel. */
  pickupCode<const L extends Level = 'sensitive'>(opts?: KindOptions<L>) {
    return tagSchema(
      kindString('pickupCode', pickupCodeProblem, (v) => v.trim().toUpperCase()),
      'pickupCode',
      level('pickupCode', opts),
      opts?.retention,
    );
  },
  /** A point `{ lat, lng }` in degrees (WGS-84/GCJ-02 as the caller uses). Default sensitive (行踪轨迹). */
  geo<const L extends Level = 'sensitive'>(opts?: KindOptions<L>) {
    const point = z.object({
      lat: z
        .number()
        .gte(-90, { message: 'geo: lat must be between -90 and 90' })
        .lte(90, { message: 'geo: lat must be between -90 and 90' }),
      lng: z
        .number()
        .gte(-180, { message: 'geo: lng must be between -180 and 180' })
        .lte(180, { message: 'geo: lng must be between -180 and 180' }),
    });
    builtChecks.set(point, geoPoint);
    return tagSchema(point, 'geo', level('geo', opts), opts?.retention);
  },
  /** Birth date as ISO `YYYY-MM-DD`. Default internal. */
  birthDate<const L extends Level = 'internal'>(opts?: KindOptions<L>) {
    return tagSchema(
      kindString('birthDate', (v) => birthDateProblem(v)),
      'birthDate',
      level('birthDate', opts),
      opts?.retention,
    );
  },
  /** IPv4 or IPv6 address. Default internal. */
  ip<const L extends Level = 'internal'>(opts?: KindOptions<L>) {
    return tagSchema(
      kindString(
        'ip',
        (v) => (kindSpecs.ip.normalize!(v) ? undefined : 'must be an IPv4 or IPv6 address'),
        kindSpecs.ip.normalize,
      ),
      'ip',
      level('ip', opts),
      opts?.retention,
    );
  },
  /** Device identifier (IMEI, advertising id, installation id). Default internal. */
  deviceId<const L extends Level = 'internal'>(opts?: KindOptions<L>) {
    return tagSchema(
      kindString('deviceId', (v) =>
        kindSpecs.deviceId.normalize!(v) ? undefined : 'must be 1 to 128 letters, digits or :._-',
      ),
      'deviceId',
      level('deviceId', opts),
      opts?.retention,
    );
  },
  /** Image bytes (delivery photo, signature, face). Default sensitive. */
  image<const L extends Level = 'sensitive'>(opts?: KindOptions<L>) {
    const bytes = z.instanceof(Uint8Array, { message: 'image: must be a Uint8Array' });
    builtChecks.set(bytes, (v) => v instanceof Uint8Array);
    return tagSchema(bytes, 'image', level('image', opts), opts?.retention);
  },
  /**
   * Free text typed by people (delivery notes, chat, complaints). Default **sensitive**: notes
   * are where customers type phones, addresses and ID numbers, so they are sealed at rest and
   * masked by redaction (detected spans masked) or denied in views. `{ level: 'internal' }` keeps
   * them in clear; `{ onSeal: 'redact' }` seals the original and stores its redaction in clear.
   */
  freeText<const L extends Level = 'sensitive', const O extends 'redact' | undefined = undefined>(
    opts?: FreeTextOptions<L, O>,
  ): Tagged<z.ZodString, L, 'freeText'> & (O extends 'redact' ? RedactOnSealBrand : unknown) {
    const max = opts?.max ?? 2000;
    const onSeal = opts?.onSeal;
    const lvl = level('freeText', opts);
    // Fail closed: an option the library does not know is an error, never a silent default.
    if (onSeal !== undefined && onSeal !== 'redact')
      throw new PiiError('SCHEMA_INVALID', "freeText onSeal must be 'redact' (or left out).");
    if (onSeal === 'redact' && lvl !== 'sensitive')
      throw new PiiError(
        'SCHEMA_INVALID',
        "freeText onSeal 'redact' seals the original, so it needs level 'sensitive' (the default).",
      );
    const text = z.string().max(max, { message: `freeText: must be at most ${max} characters` });
    builtChecks.set(text, (v) => typeof v === 'string' && v.length <= max);
    return tagSchema(text, 'freeText', lvl, opts?.retention, onSeal) as Tagged<z.ZodString, L, 'freeText'> &
      (O extends 'redact' ? RedactOnSealBrand : unknown);
  },
  /** Any other personal string. Default internal. */
  custom<const L extends Level = 'internal'>(opts?: KindOptions<L>) {
    return tagSchema(z.string(), 'custom', level('custom', opts), opts?.retention);
  },
  /**
   * Tag any schema with a level and kind. The input schema is cloned, never changed.
   *
   * @param schema - any zod schema
   * @param tag - level, kind and optional retention
   * @returns a tagged clone
   */
  tag<S extends z.ZodType, const L extends Level, const K extends Kind>(
    schema: S,
    tag: { level: L; kind: K; retention?: string },
  ): Tagged<S, L, K> {
    const c = schema.clone();
    const check = builtChecks.get(schema);
    if (check) builtChecks.set(c, check); // the same def: the same values
    return tagSchema(c, tag.kind, tag.level, tag.retention);
  },
  /**
   * Mark an object as one data subject's data (`recipient`, `sender`, `courier`): its fields are
   * encrypted under that subject's key and erased with it.
   *
   * @param role - the subject role, a lower-camel identifier
   * @param schema - the object schema
   * @returns a clone carrying the role
   */
  subject<const R extends string, S extends z.ZodObject>(role: R, schema: S): S & SubjectBrand<R> {
    if (!IDENT.test(role))
      throw new PiiError('SCHEMA_INVALID', 'subject role must be an identifier like recipient.');
    if ((schema as { _zod?: { def?: { type?: string } } })._zod?.def?.type !== 'object') {
      throw new PiiError('SCHEMA_INVALID', 'pii.subject() takes a z.object() schema.');
    }
    const c = schema.clone();
    addMeta(c, { subject: role });
    return c as S & SubjectBrand<R>;
  },
  /**
   * Mark a field public on purpose (a tagged field keeps its kind; an untagged one becomes
   * `custom`). The input schema is cloned, never changed.
   *
   * @param schema - any zod schema
   * @returns a clone tagged public
   */
  public<S extends z.ZodType>(schema: S): Tagged<S, 'public', Kind> {
    const kind = getTag(schema)?.kind ?? 'custom';
    const c = schema.clone();
    const check = builtChecks.get(schema);
    if (check) builtChecks.set(c, check); // the same def: the same values
    return tagSchema(c, kind, 'public', getTag(schema)?.retention);
  },
  /**
   * Give a root schema a stable id, bound into every ciphertext sealed with it. Change the id
   * when the schema's meaning changes.
   *
   * @param id - for example `parcel/v1`
   * @param schema - the root schema
   * @returns a clone carrying the id
   */
  id<S extends z.ZodType>(id: string, schema: S): S {
    if (typeof id !== 'string' || !/^[\w./:@-]{1,128}$/.test(id)) {
      throw new PiiError(
        'SCHEMA_INVALID',
        'schema id must be 1-128 characters of letters, digits and ./:@-_.',
      );
    }
    const c = schema.clone();
    addMeta(c, { schemaId: id });
    return c;
  },
} as const;
