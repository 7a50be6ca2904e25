// Large inputs for timing detect() and redact(): text built to make a detector rescan (runs of
// division names, address and name context words, digits, '@', invisible characters, and
// mixtures of them, with no punctuation to stop a scan) and ordinary courier text of the same
// size to compare against. Used by bench/mask.bench.ts and by linear-growth tests.
import { rng } from '../../examples/data/orders.js';

/**
 * Repeated units, each the start of something a detector may try to extend: a division name, an
 * address word, a name context word, a digit, '@', a key of a structured log, a template opening.
 */
export const ADVERSARIAL_UNITS: Readonly<Record<string, string>> = Object.freeze({
  divisions: '北京市朝阳区',
  provinceRun: '北京市',
  districtRun: '朝阳区',
  addressWord: '地址',
  addressLabel: '收货地址：',
  streetUnits: '路号栋单元室',
  divisionThenStreet: '朝阳区建国路1号',
  nameContext: '收件人',
  nameContextSurname: '收件人王',
  surnames: '王李张欧阳',
  greeting: '尊敬的王',
  digitRun: '1',
  mobileRun: '13812345678',
  spacedDigits: '138 ',
  dashedDigits: '138-',
  dottedDigits: '138.',
  invisibleDigits: '1\u200b',
  fullwidthDigits: '１３８',
  at: '@',
  emailish: 'a@b.',
  plus86: '+86 ',
  pickupWord: '取件码',
  jsonKey: '"receiverName":"',
  keyValue: 'consignee=',
  romanized: 'ZHANG WEI ',
  mixture: '北京市1@收件人张地址朝阳区138 ',
  mixtureNoSpace: '收件人138朝阳区@地址',
  streetWord: '1 Road ',
  streetParts: 'Flat 1, 2 Church Lane, ',
  sqlInsert: "INSERT INTO t (receiver_name) VALUES ('",
  deliveryStep: '已由张三',
  parcelOwner: '张三的快递',
  // a name read back from a verb and ahead from a hand-over (running-names.ts)
  runningSubject: '王芳说是司马静怡签收的',
  runningObject: '交给了罗晓燕让王芳来取',
  bracketedUnit: '金额（元）：',
});

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

/** `unit` repeated to exactly `length` UTF-16 units (a cut surrogate pair becomes a space). */
export function repeatTo(unit: string, length: number): string {
  if (!Number.isInteger(length) || length < 0) throw new RangeError('length must be a non-negative integer');
  const s = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  return s.length > 0 && isHighSurrogate(s.charCodeAt(s.length - 1)) ? `${s.slice(0, -1)} ` : s;
}

/** One block per unit of ADVERSARIAL_UNITS, in equal shares, `length` UTF-16 units in all. */
export function adversarialText(length: number): string {
  const units = Object.values(ADVERSARIAL_UNITS);
  const share = Math.floor(length / units.length);
  const blocks = units.map((u, i) =>
    repeatTo(u, i === units.length - 1 ? length - share * (units.length - 1) : share),
  );
  return blocks.join('');
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '欧阳', '司马'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '建国', '晓燕', '子涵', '雨桐'];
const PLACES = [
  '北京市朝阳区建国路88号SOHO现代城A座1203室',
  '上海市浦东新区张杨路500号华润时代广场12楼',
  '广东省深圳市南山区科技园南路18号3栋201',
  '浙江省杭州市西湖区文三路90号东部软件园5号楼',
  '四川省成都市武侯区天府大道中段666号',
];
const NOTES: Array<(v: () => string, n: () => string, p: () => string) => string> = [
  (v, n, p) => `收件人：${n()}，电话${v()}，送到${p()}，白天不在家放门口快递柜。`,
  (v) => `快递员你好，到了打我电话${v()}，没人接就放驿站，谢谢。`,
  (_v, n) => `【顺丰速运】${n()}您好，您的快件已到达小区东门驿站，取件码8-2-1033，请及时领取。`,
  (v, n, p) => `{"receiverName":"${n()}","receiverMobile":"${v()}","receiverAddress":"${p()}","weight":1.2}`,
  (v, n) => `consignee=${n()};tel=${v()};orderNo=20240512000123;sku=A1029`,
  () => '运单号SF1381234567890已签收，如有问题请拨打客服热线95338。',
  (_v, n) => `客户${n()}反映包裹外包装破损，已登记理赔，工单号GD2024051200017。`,
  (v) => `Please call ${v()} before delivery, the gate code is 1234.`,
  (_v, _n, p) => `地址：${p()}，座机021-62345678转806，工作日9:00-18:00。`,
  () => '今天派送量较大，预计18:00前送达，请保持电话畅通。',
];

/** Realistic courier notes (waybill fields, SMS, logs, chat), one a line, `length` UTF-16 units. */
export function ordinaryCourierText(length: number, seed = 17): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const mobile = () =>
    `1${pick(['38', '39', '50', '86', '77', '99'])}${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;
  const name = () => pick(SURNAMES) + pick(GIVEN);
  const place = () => pick(PLACES);
  const lines: string[] = [];
  let size = 0;
  while (size < length) {
    const line = pick(NOTES)(mobile, name, place);
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n').slice(0, length);
}

/** A text from `build` whose UTF-8 encoding is about `bytes` long (a few rescaling rounds). */
export function ofUtf8Bytes(build: (length: number) => string, bytes: number): string {
  let length = bytes;
  let text = build(length);
  for (let i = 0; i < 4; i++) {
    const got = Buffer.byteLength(text, 'utf8');
    if (got === 0 || Math.abs(got - bytes) <= bytes / 1000) break;
    length = Math.max(1, Math.round((length * bytes) / got));
    text = build(length);
  }
  return text;
}
