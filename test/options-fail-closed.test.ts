// Fail closed on options: every options type the public API exports (found by the TypeScript
// compiler from src/index.ts, so a new one cannot be forgotten) has a probe here that passes an
// unknown option name to each function taking it, and the call must be refused with
// INVALID_ARGUMENT naming the option, before anything else happens.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  createAuditLog,
  createAuditVerifier,
  fileSink,
  fileSpool,
  memorySink,
  memorySpool,
} from '../src/audit/index.js';
import {
  attenuate,
  attenuateWithReceipt,
  createMemoryPurposeConsentStore,
  createPurposeConsentLedger,
  describeGrant,
  generateSigningKey,
  grant,
  listGrants,
  redeem,
  revoke,
  verify,
} from '../src/consent/index.js';
import {
  createKeyring,
  createVault,
  reencryptToGm,
  fileBlobSource,
  fileKeyStore,
  generateKey,
  memoryKeyStore,
  readErasureLedger,
} from '../src/crypto/index.js';
import { isPiiError } from '../src/errors.js';
import {
  acceptHandover,
  attestKekDestruction,
  breachImpact,
  deliverNotices,
  equityTransfer,
  exportSubject,
  handover,
  inventory,
  planHandover,
  sweep,
  withdrawalErasureWork,
} from '../src/lifecycle/index.js';
import * as mask from '../src/mask/index.js';
import {
  createAccessMonitor,
  defaultRules,
  memoryCounterStore,
  privacyReport,
} from '../src/monitor/index.js';
import { definePolicy, view } from '../src/policy/index.js';
import { forEachLeaf, mapLeaves, pii } from '../src/schema/index.js';
import { createRightsDesk } from '../src/rights/index.js';
import * as stores from '../src/stores/index.js';

const UNKNOWN = 'zzUnknownOption';
const bogus = { [UNKNOWN]: 1 };
const root = fileURLToPath(new URL('..', import.meta.url));

/** Every exported type named `…Options` or `…Context`, with the properties the compiler sees. */
function exportedOptionTypes(): Map<string, string[]> {
  const program = ts.createProgram([`${root}src/index.ts`], {
    strict: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(`${root}src/index.ts`)!;
  const out = new Map<string, string[]>();
  for (const e of checker.getExportsOfModule(checker.getSymbolAtLocation(file)!)) {
    if (!/(Options|Context)$/.test(e.name)) continue;
    const s = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
    const props = checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(s)).map((p) => p.name);
    out.set(e.name, props);
  }
  return out;
}

const S = pii.id('opts/v1', z.object({ c: pii.subject('customer', z.object({ phone: pii.phone() })) }));
const key = generateKey();
const vault = createVault({
  keyring: createKeyring({ keks: [{ id: 'k1', key }], active: 'k1' }),
  keyStore: memoryKeyStore(),
  indexKey: generateKey(),
  audit: 'none',
});
const SPEC = {
  id: 'p',
  version: 1,
  purposes: ['delivery'],
  roles: ['courier'],
  rules: [{ id: 'all', fields: ['**'], grant: 'allow', record: 'allow' }],
} as const;
const policy = () => definePolicy(S, SPEC as never, bogus as never);
const tmp = `${root}.tmp/options-probe-${process.pid}`;

type Probe = () => unknown;
const maskers: Array<(v: string, o: unknown) => string> = [
  mask.maskPhone,
  mask.maskIdNumber,
  mask.maskPassport,
  mask.maskBankCard,
  mask.maskName,
  mask.maskAddress,
  mask.maskEmail,
  mask.maskLandline,
  mask.maskBirthDate,
  mask.maskIp,
  mask.maskDeviceId,
  mask.maskPickupCode,
] as never;

/** Each options type and the calls that take it. */
const PROBES: Record<string, Probe[]> = {
  VaultOptions: [() => createVault(bogus as never)],
  DekCacheOptions: [
    () =>
      createVault({
        keyring: createKeyring({ keks: [{ id: 'k1', key }], active: 'k1' }),
        keyStore: memoryKeyStore(),
        indexKey: key,
        cache: bogus,
      } as never),
  ],
  SealOptions: [() => vault.seal(S, { c: { phone: '13812345678' } }, { recordId: 'r', ...bogus } as never)],
  OpenOptions: [() => vault.open(S, {} as never, { recordId: 'r', ...bogus } as never)],
  StreamOptions: [
    () => vault.sealStream({ recordId: 'r', ...bogus } as never),
    () => vault.openStream({ recordId: 'r', ...bogus } as never),
    () => vault.sealWebStream({ recordId: 'r', ...bogus } as never),
    () => vault.openWebStream({ recordId: 'r', ...bogus } as never),
  ],
  FieldContext: [
    () => vault.sealValue('x', { schemaId: 'opts/v1', path: 'c.phone', recordId: 'r', ...bogus } as never),
    () =>
      vault.openValue(
        'x' as never,
        { schemaId: 'opts/v1', path: 'c.phone', recordId: 'r', ...bogus } as never,
      ),
  ],
  EraseOptions: [() => vault.eraseSubject('s', bogus as never)],
  RotateKekOptions: [() => vault.rotateKek('k1', bogus as never)],
  ReencryptOptions: [() => reencryptToGm(bogus as never)],
  KeyringOptions: [() => createKeyring({ keks: [], ...bogus } as never)],
  FileKeyStoreOptions: [() => fileKeyStore(`${tmp}-keys`, bogus as never)],
  FileBlobSourceOptions: [() => fileBlobSource(`${tmp}-blobs`, bogus as never)],
  ReadErasureLedgerOptions: [() => readErasureLedger([], bogus as never)],
  AuditLogOptions: [() => createAuditLog({ sink: memorySink(), ...bogus } as never)],
  AuditAppendOptions: [
    () => createAuditLog({ sink: memorySink() }).append({ kind: 'key.created' } as never, bogus as never),
  ],
  FileSinkOptions: [() => fileSink(`${tmp}-audit`, bogus as never)],
  AuditSpoolOptions: [() => memorySpool(bogus as never), () => fileSpool(`${tmp}-spool`, bogus as never)],
  AuditVerifyOptions: [() => createAuditVerifier(bogus as never)],
  GrantOptions: [() => grant(bogus as never)],
  GenerateSigningKeyOptions: [() => generateSigningKey(bogus as never)],
  AttenuateOptions: [() => attenuate('t', bogus as never)],
  AttenuateWithReceiptOptions: [() => attenuateWithReceipt('t', bogus as never)],
  VerifyOptions: [() => verify('t', bogus as never)],
  RedeemOptions: [() => redeem('t', bogus as never)],
  RevokeOptions: [() => revoke('t', bogus as never)],
  AccessMonitorOptions: [() => createAccessMonitor(bogus as never)],
  ClearOptions: [() => createAccessMonitor().clear('a', { by: 'x', resolution: 'y', ...bogus } as never)],
  DefaultRuleOptions: [() => defaultRules(bogus as never)],
  MemoryCounterStoreOptions: [() => memoryCounterStore(bogus as never)],
  PrivacyReportOptions: [() => privacyReport([], { from: 0, to: 1, ...bogus } as never)],
  BreachImpactOptions: [() => breachImpact({ subjectIds: ['s'] }, bogus as never)],
  ExportSubjectOptions: [() => exportSubject('s', bogus as never)],
  HandoverOptions: [() => handover({ id: 'h', ...bogus } as never)],
  InventoryOptions: [() => inventory([], [], bogus as never)],
  SweepOptions: [() => sweep({ now: 0, ...bogus } as never)],
  PolicyOptions: [policy],
  ViewOptions: [
    () => view(vault as never, S, {}, { fields: {} } as never, { recordId: 'r', ...bogus } as never),
    () =>
      definePolicy(S, SPEC as never).view(
        vault as never,
        S,
        {},
        null as never,
        {
          recordId: 'r',
          ...bogus,
        } as never,
      ),
  ],
  PolicyContext: [
    () =>
      definePolicy(S, SPEC as never).decide({
        actor: { id: 'a', roles: ['courier'] },
        purpose: 'delivery',
        resource: {},
        context: bogus,
      } as never),
  ],
  MaskOptions: [
    ...maskers.map((m) => () => m('13812345678', bogus)),
    () => mask.mask('geo', '31.2,121.4', bogus as never),
    () => mask.mask('freeText', 'hello', bogus as never),
  ],
  MaskRecordOptions: [() => mask.maskRecord(S, {}, 'customerService', bogus as never)],
  PseudonymOptions: [() => mask.pseudonymize('x', key, 'custom', bogus as never)],
  DetectOptions: [() => mask.detect('x', bogus as never)],
  RedactOptions: [() => mask.redact('x', bogus as never), () => mask.redactJson({}, bogus as never)],
  AgeBandOptions: [() => mask.ageBand('1990-01-01', bogus as never)],
  KindOptions: [
    () => pii.name(bogus as never),
    () => pii.address(bogus as never),
    () => pii.email(bogus as never),
  ],
  PhoneOptions: [() => pii.phone(bogus as never)],
  IdNumberOptions: [() => pii.idNumber(bogus as never)],
  FreeTextOptions: [() => pii.freeText(bogus as never)],
  MapLeavesOptions: [() => mapLeaves(S, {}, (v) => v, bogus as never)],
  PostgresStoreOptions: [
    () => stores.postgresKeyStore(bogus as never),
    () => stores.postgresProgressStore(bogus as never),
    () => stores.postgresRevocationStore(bogus as never),
    () => stores.postgresUseCounter(bogus as never),
    () => stores.postgresGrantIndex(bogus as never),
    () => stores.postgresPurposeConsentStore(bogus as never),
    () => stores.postgresRightsRequestStore(bogus as never),
  ],
  PostgresAuditSinkOptions: [() => stores.postgresAuditSink(bogus as never)],
  PostgresCounterStoreOptions: [() => stores.postgresCounterStore(bogus as never)],
  PostgresDenyListOptions: [() => stores.postgresDenyList(bogus as never)],
  PostgresSchemaOptions: [
    () => stores.postgresSchemaSql(bogus as never),
    () => stores.migratePostgres({} as never, bogus as never),
  ],
  SqliteStoreOptions: [
    () => stores.sqliteKeyStore(bogus as never),
    () => stores.sqliteProgressStore(bogus as never),
    () => stores.sqliteRevocationStore(bogus as never),
    () => stores.sqliteUseCounter(bogus as never),
    () => stores.sqliteGrantIndex(bogus as never),
    () => stores.sqlitePurposeConsentStore(bogus as never),
    () => stores.sqliteRightsRequestStore(bogus as never),
  ],
  SqliteAuditSinkOptions: [() => stores.sqliteAuditSink(bogus as never)],
  SqliteCounterStoreOptions: [() => stores.sqliteCounterStore(bogus as never)],
  SharedAuditLogOptions: [() => stores.createSharedAuditLog(bogus as never)],
  BackupOptions: [() => stores.backupKeyStore(memoryKeyStore(), `${tmp}-backup`, bogus as never)],
  RestoreOptions: [() => stores.restoreKeyStore(`${tmp}-backup`, memoryKeyStore(), bogus as never)],
  ReplayErasuresOptions: [() => stores.replayErasures(memoryKeyStore(), bogus as never)],
  Pkcs11KekOptions: [() => stores.pkcs11KekProvider(bogus as never)],
  ProgressPutOptions: [() => stores.memoryProgressStore().put('k', { done: 0 }, bogus as never)],
  AppendAtHeadOptions: [
    () => stores.sqliteAuditSink({ path: `${tmp}-audit.db` }).appendAtHead(() => [] as never, bogus as never),
  ],
  ForEachLeafOptions: [() => forEachLeaf(S, {}, () => undefined, bogus as never)],
  OpenManyOptions: [() => vault.openMany(S, [], bogus as never)],
  CustomerGrantsOptions: [() => listGrants('s', bogus as never)],
  DescribeGrantOptions: [() => describeGrant({} as never, bogus as never)],
  PurposeConsentLedgerOptions: [() => createPurposeConsentLedger(bogus as never)],
  GivePurposeConsentOptions: [
    () =>
      createPurposeConsentLedger({
        store: createMemoryPurposeConsentStore(),
        audit: createAuditLog({ sink: memorySink() }),
      } as never).give('s', 'marketing', { noticeVersion: 'v1', ...bogus } as never),
  ],
  DeliverNoticesOptions: [() => deliverNotices([], bogus as never)],
  EquityTransferOptions: [() => equityTransfer({ id: 'e', ...bogus } as never)],
  PlanHandoverOptions: [() => planHandover({ id: 'h', ...bogus } as never)],
  AcceptHandoverOptions: [() => acceptHandover({ manifest: {}, ...bogus } as never)],
  KekDestructionOptions: [() => attestKekDestruction({} as never, { method: 'm', ...bogus } as never)],
  WithdrawalErasureOptions: [() => withdrawalErasureWork({} as never, bogus as never)],
  RightsDeskOptions: [() => createRightsDesk(bogus as never)],
};

/** Exported options types that are not options of a public call, with the reason. */
const NOT_CALL_OPTIONS: Record<string, string> = {
  PiiErrorOptions: 'options of the PiiError constructor, which the library itself calls',
  // bases of other options types, each probed through the types that extend them
  ReceiptOptions: 'base of GrantOptions, RevokeOptions and AttenuateWithReceiptOptions',
  DatabaseAuditSinkOptions: 'base of PostgresAuditSinkOptions and SqliteAuditSinkOptions',
  SharedCounterStoreOptions: 'base of PostgresCounterStoreOptions and SqliteCounterStoreOptions',
};

async function refusal(p: Probe): Promise<{ code: string; message: string } | undefined> {
  try {
    await p();
  } catch (e) {
    return isPiiError(e)
      ? { code: e.code, message: e.message }
      : { code: 'not a PiiError', message: String(e) };
  }
  return undefined;
}

describe("handover's nested options refuse unknown names too", () => {
  const seller = {
    id: 'a',
    name: 'A',
    contact: 'a@x',
    signingKey: { secretKey: new Uint8Array(32).fill(1) },
  };
  const buyer = { id: 'b', name: 'B', contact: 'b@x' };
  const ring = () => createKeyring({ keks: [{ id: 'k2', key: generateKey() }], active: 'k2' });
  const base = () => ({
    id: 'h',
    from: { keyring: createKeyring({ keks: [{ id: 'k1', key }], active: 'k1' }), keyStore: memoryKeyStore() },
    to: { keyring: ring(), keyStore: memoryKeyStore() },
    seller,
    buyer,
    purposes: ['delivery'],
    audit: createAuditLog({ sink: memorySink() }),
    records: { async *records() {} },
  });
  it.each([
    ['inherit', { inherit: bogus }],
    ['inherit snapshot', { inherit: { revocations: { digest: 'a'.repeat(64), count: 0, ...bogus } } }],
    ['scope', { scope: { roles: ['r'], ...bogus } }],
    ['to', { to: { keyring: ring(), ...bogus } }],
  ])('%s', async (_name, over) => {
    const r = await refusal(() => handover({ ...base(), ...over } as never));
    expect(r?.code).toBe('INVALID_ARGUMENT');
    expect(r?.message).toContain(UNKNOWN);
  });
});

describe('every public options object refuses an unknown option name', () => {
  const types = exportedOptionTypes();

  it('finds the exported options types (sanity: the walk sees the API)', () => {
    expect(types.size).toBeGreaterThan(50);
    expect(types.get('VaultOptions')).toContain('keyring');
  });

  it('has a probe for every exported options type, or a stated reason why not', () => {
    const missing = [...types.keys()].filter((t) => !PROBES[t] && !NOT_CALL_OPTIONS[t]);
    expect(missing).toEqual([]);
    expect(Object.keys(PROBES).filter((t) => !types.has(t))).toEqual([]);
  });

  it.each(Object.entries(PROBES))(
    '%s: each call taking it refuses an unknown name with INVALID_ARGUMENT',
    async (_t, probes) => {
      for (const [i, p] of probes.entries()) {
        const r = await refusal(p);
        expect(r, `probe ${i}`).toEqual({
          code: 'INVALID_ARGUMENT',
          message: expect.stringContaining(UNKNOWN),
        });
      }
    },
  );

  it("createVault takes suite 'default' and 'gm', and refuses any other suite with INVALID_ARGUMENT", async () => {
    const make = (suite: unknown) => () =>
      createVault({
        keyring: createKeyring({ keks: [{ id: 'k1', key }], active: 'k1' }),
        keyStore: memoryKeyStore(),
        indexKey: generateKey(),
        suite,
      } as never);
    expect(make('gm')().suite).toBe('gm');
    expect(make('default')().suite).toBe('default');
    expect(make(undefined)().suite).toBe('default');
    for (const bad of ['GM', 'sm4', '', 2, null]) {
      const r = await refusal(make(bad));
      expect(r).toEqual({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining("suite must be 'default'"),
      });
    }
  });

  it('an option name that is not an identifier is not echoed (it may be a pasted value)', async () => {
    const r = await refusal(() => mask.maskPhone('13812345678', { '13900001111': 1 } as never));
    expect(r?.code).toBe('INVALID_ARGUMENT');
    expect(r?.message).not.toContain('13900001111');
  });

  it('known options still work, and a missing options object is still accepted where optional', () => {
    expect(mask.maskPhone('13812345678', { maskChar: '•' })).toContain('•');
    expect(mask.maskPhone('13812345678')).toContain('*');
    expect(() => pii.phone({ international: false, level: 'sensitive' })).not.toThrow();
    expect(() => memorySpool()).not.toThrow();
  });
});
