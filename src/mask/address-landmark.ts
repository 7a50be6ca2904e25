// An address with no house number, written as a road, a landmark on it and where to go from the
// landmark (滨江路菜市场对面, 人民路加油站旁边, 建设路小学后门): how receivers fill in a waybill
// when they have no number, and how couriers quote it back (地址只写了“…”, 地址写的是…). Taken
// only right after an address word (detect-address.ts), through a short verb of writing and an
// opening quote; not before 的 (市场对面的驿站 places a business). Reads at most a few dozen characters: linear in the text.

// the verb of writing between the address word and the address, and an opening quote
const WRITTEN = /(?:只|就|上|上面)?(?:写的是|写着|写了|写的|写|填的是|填了|填的|填)?\s{0,2}[“"「『']?/y;
// a road, a landmark on it (1-12 characters), and a position next to the landmark
const LANDMARK =
  /[\u4e00-\u9fff]{1,8}?(?:大街|大道|胡同|路|街|巷)[\u4e00-\u9fff]{1,12}?(?:斜对面|对面|對面|旁边|旁邊|附近|后门|後門|后面|後面|门口|門口|隔壁|楼下|樓下|东侧|西侧|南侧|北侧|交叉口|路口)/y;

/**
 * @internal The address after an address word ending at `s` that is a road, a landmark and a
 * position (地址只写了“滨江路菜市场对面”): its start and end, or undefined.
 */
export function landmarkAddress(t: string, s: number): [number, number] | undefined {
  WRITTEN.lastIndex = s;
  const a = WRITTEN.test(t) ? WRITTEN.lastIndex : s;
  LANDMARK.lastIndex = a;
  if (!LANDMARK.test(t)) return undefined;
  const e = LANDMARK.lastIndex;
  // (青年路市场对面的驿站: the landmark places a business, a station or a shop, not an address)
  return t.charCodeAt(e) === 0x7684 ? undefined : [a, e];
}
