/**
 * Synthetic courier orders for the demo: realistic-looking Chinese names (compound surnames
 * included), mobiles, addresses, resident IDs with correct check characters, and delivery notes
 * that contain phone numbers. Every value is generated; none belongs to a real person.
 */
import { residentIdCheckChar } from 'courier-pii/schema';

/** A small deterministic PRNG (mulberry32) so every run tells the same story. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '高',
];
const COMPOUND = ['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '令狐', '慕容'];
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文浩宇轩子涵欣怡梓萱俊杰晨阳';
const PLACES: Array<[string, string, string, string]> = [
  // province, city, county, county code (GB/T 2260)
  ['山东省', '青岛市', '市南区', '370202'],
  ['浙江省', '杭州市', '西湖区', '330106'],
  ['广东省', '深圳市', '南山区', '440305'],
  ['江苏省', '南京市', '鼓楼区', '320106'],
  ['四川省', '成都市', '武侯区', '510107'],
  ['湖北省', '武汉市', '洪山区', '420111'],
  ['', '北京市', '朝阳区', '110105'],
  ['', '上海市', '浦东新区', '310115'],
  ['广东省', '东莞市', '', '441900'],
  ['陕西省', '西安市', '雁塔区', '610113'],
];
const STREETS = [
  '香港中路',
  '文三路',
  '科技园南路',
  '中山北路',
  '人民南路',
  '珞喻路',
  '建国路',
  '世纪大道',
  '东城大道',
  '小寨东路',
];
const NOTES = [
  '放门口，电话{phone}',
  '家里没人请放快递柜，有事打{phone}',
  '送到前打个电话 {phone}，谢谢',
  '请放物业前台',
  '周末再送，联系{phone}',
  '易碎品，轻拿轻放',
  '放门卫室，收件人{name}',
];
const ITEMS = ['茶叶', '手机壳', '书', '衣服', '鞋', '保温杯', '数据线', '零食礼盒'];

export interface Person {
  customerId: string;
  name: string;
  phone: string;
  address: string;
  idNumber?: string;
}

export interface Order {
  recordId: string;
  waybillNo: string;
  status: 'created' | 'picked_up' | 'in_transit' | 'out_for_delivery' | 'delivered';
  stationId: string;
  courierId: string;
  weightKg: number;
  attempts: number;
  serviceUntil: number;
  deliveredAt?: number;
  sender: Person;
  recipient: Person;
  pickupCode: string;
  deliveryNote: string;
  items: string[];
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function digits(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(r() * 10);
  return s;
}

function name(r: () => number): string {
  const surname = r() < 0.12 ? pick(r, COMPOUND) : pick(r, SURNAMES);
  const given = pick(r, [...GIVEN]) + (r() < 0.7 ? pick(r, [...GIVEN]) : '');
  return surname + given;
}

function mobile(r: () => number): string {
  return `1${pick(r, ['38', '39', '58', '86', '88', '36', '77', '99'])}${digits(r, 8)}`;
}

function place(r: () => number): { address: string; code: string } {
  const [prov, city, county, code] = pick(r, PLACES);
  return { address: `${prov}${city}${county}${pick(r, STREETS)}${1 + Math.floor(r() * 300)}号`, code };
}

function residentId(r: () => number, code: string): string {
  const y = 1960 + Math.floor(r() * 45);
  const m = 1 + Math.floor(r() * 12);
  const d = 1 + Math.floor(r() * 28);
  const body = `${code}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${digits(r, 3)}`;
  return body + residentIdCheckChar(body);
}

/**
 * Generates `n` orders. Customers repeat (a customer sends or receives several parcels), so
 * erasing one customer touches several records.
 */
export function generateOrders(n: number, seed = 20261128, now = Date.now()): Order[] {
  const r = rng(seed);
  const customers: Person[] = [];
  const customer = (): Person => {
    if (customers.length > 20 && r() < 0.35) return pick(r, customers);
    const p = place(r);
    const c: Person = {
      customerId: `cust-${String(customers.length + 1).padStart(5, '0')}`,
      name: name(r),
      phone: mobile(r),
      address: p.address,
    };
    (c as Person & { code: string }).code = p.code;
    customers.push(c);
    return c;
  };
  const statuses: Order['status'][] = ['created', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered'];
  const orders: Order[] = [];
  for (let i = 0; i < n; i++) {
    const s = customer();
    const rc = customer();
    const status = pick(r, statuses);
    const sender: Person = {
      customerId: s.customerId,
      name: s.name,
      phone: s.phone,
      address: s.address,
      // Real-name posting: the sender's identity is checked and recorded (never printed).
      idNumber: residentId(r, (s as Person & { code?: string }).code ?? '110105'),
    };
    const recipient: Person = {
      customerId: rc.customerId,
      name: rc.name,
      phone: rc.phone,
      address: rc.address,
    };
    const note = pick(r, NOTES)
      .replace(
        '{phone}',
        r() < 0.5 ? rc.phone : `${rc.phone.slice(0, 3)} ${rc.phone.slice(3, 7)} ${rc.phone.slice(7)}`,
      )
      .replace('{name}', rc.name);
    const o: Order = {
      recordId: `P-${String(i + 1).padStart(6, '0')}`,
      waybillNo: `SF${String(1_300_000_000_000 + i * 7919).padStart(13, '0')}`,
      status,
      stationId: `st-${1 + (i % 12)}`,
      courierId: `c-${1 + (i % 40)}`,
      weightKg: Math.round((0.2 + r() * 12) * 10) / 10,
      attempts: status === 'delivered' ? 1 : 0,
      serviceUntil: now + 30 * 86_400_000,
      sender,
      recipient,
      pickupCode: `${1 + Math.floor(r() * 9)}-${1 + Math.floor(r() * 5)}-${digits(r, 4)}`,
      deliveryNote: note,
      items: [pick(r, ITEMS)],
    };
    if (status === 'delivered') o.deliveredAt = now - Math.floor(r() * 200) * 86_400_000;
    orders.push(o);
  }
  return orders;
}
