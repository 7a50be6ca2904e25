// A pickup station's name is a place of business, not where someone lives: 杭州西湖区驿站03,
// 朝阳区菜鸟驿站, 海淀区中关村站点12 name a parcel station, a carrier's outlet or a collection
// point by its area and number. The street part of such a run, after the division names, is only
// an area name, the station word and the station's number; with a street, a house or building
// number or a compound before the station word (文三路驿站, 翠苑12栋驿站) it stays an address,
// since a station's street address leads to a doorstep as well.

// an area name (no street, number or compound word), a station word, its number
const STATION_ONLY =
  /^(?:(?![路街巷弄道号號栋棟幢楼樓室苑园園村镇鎮乡鄉区區])[\u4e00-\u9fff]){0,8}(?:菜鸟驿站|菜鳥驛站|驿站|驛站|站点|站點|网点|網點|代收点|代收點|服务站|服務站|服务点|服務點|快递站|快遞站|自提点|自提點|营业部|營業部|营业点|營業點|分拨中心|分撥中心|转运中心|轉運中心|集散中心|自提柜|快递柜)[A-Za-z]?[-－]?\d{0,4}$/;

/**
 * @internal Whether the street part of an address run (what follows its division names) is only a
 * pickup station's name and number (see the file comment).
 */
export function stationOnly(street: string): boolean {
  return street.length <= 24 && STATION_ONLY.test(street);
}
