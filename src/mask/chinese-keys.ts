// Chinese keys, matched as the longest known suffix of the text before a value (我的收件人电话 is a
// phone key). The list is indexed by a key's last two characters so a lookup tries a handful of
// keys, not every key with that last character.
import type { KeyKind } from './structured-keys.js';

// Chinese keys, longest first within the same last character (matched as suffixes)
const CJK: Array<[string, KeyKind]> = [];
function cjk(kind: KeyKind, words: string): void {
  for (const w of words.split(/\s+/)) if (w) CJK.push([w, kind]);
}
cjk(
  'name',
  `收件人 收件人姓名 收货人 收货人姓名 寄件人 寄件人姓名 发件人 发件人姓名 发货人 联系人 联系人姓名 姓名 客户姓名
   买家姓名 收方 寄方 收件方 寄件方 签收人 代收人 取件人 户名 开户名 持卡人 真实姓名 快递员 派送员 配送员 骑手
   收款人 付款人 收件人名称 寄件人名称 收貨人 寄件者 收件者 聯絡人 聯繫人 揽件员 派件员 收派员 揽收员 攬件員 派件員 投递员 派送人 揽收人 签收者`,
);
cjk(
  'phone',
  `电话 手机 手机号 手机号码 电话号码 联系电话 联系方式 收件人电话 收件人手机 收件人手机号 寄件人电话 寄件人手机
   寄件人手机号 收货人电话 收货人手机 收货人手机号 联系人电话 联系人手机 座机 固话 固定电话 移动电话 電話 手機
   手機號碼 聯絡電話 聯繫電話`,
);
cjk(
  'address',
  `地址 收货地址 收件地址 寄件地址 发货地址 详细地址 收件人地址 寄件人地址 收货人地址 发件人地址 家庭住址 家庭地址
   住址 配送地址 送货地址 公司地址 单位地址 收貨地址 詳細地址`,
);
cjk('idNumber', '身份证 身份证号 身份证号码 证件号 证件号码 身份證 身份證號 身份證號碼 身分證字號');
cjk('email', '邮箱 电子邮箱 邮件地址 电子邮件 郵箱');
cjk('bankCard', '银行卡 银行卡号 卡号 账号 帐号 银行账号 收款账号 退款账户 銀行卡 帳號');
cjk(
  'pickupCode',
  `取件码 取货码 提货码 自提码 取件碼 提貨碼 開箱碼 开箱码 开柜码 取貨碼 取件号 取件號 取件密码 取件密碼 取件验证码
   取件驗證碼 取貨驗證碼 取货验证码 取件编号 取件編號 取貨密碼 提貨密碼 提货密码 開櫃密碼 开柜密码 領件碼 领件码 領貨碼`,
);
cjk('passport', '护照 护照号 护照号码 護照');
// (with the pinyin-input homophones people type for 单 and 踪: 运丹号, 订丹, 跟宗号)
cjk(
  'negative',
  `订单 订单号 订单编号 订单号码 子订单号 运单 运单号 运单编号 快递单号 物流单号 面单号 单号 包裹号 追踪号 跟踪号
   批次号 流水号 交易号 交易单号 商户单号 工单号 编号 货号 商品编号 商品条码 条码 条形码 金额 实付 实付款 实付金额
   应付 应付金额 支付金额 价格 单价 总价 总金额 运费 保价 重量 毛重 净重 体积 数量 件数 版本 版本号 设备号 设备编号
   设备序列号 序列号 时间戳 邮编 邮政编码 工号 网点编号 站点编号 运单号码 快递单号码 物流单号码 会员号 会员编号 会员卡号 发票号 发票号码 箱号 格口 格口号 柜号 库存 积分 余额 耗时 型号 批号 群号 QQ群 qq群 微信群 车次 航班号 商品编码 货品编码 构建号 构建版本 内部版本号 终端号 设备ID 訂單 訂單號 運單 運單號 單號 金額 運費 版本號 郵編 合计 总计 小计 共计 总额 实收 应收 货款
   代收货款 到付 发票 快递号 快件号 快件单号 包裹单号 物流号 面单 回单号 提单号 退货单号 售后单号 合計 總計 快件 查件 快递单 件号 物流码 追踪码 物流编号
   子母件 子母单 母单 子单 母件 子件 快递编号 快递编码 快递号码 物流编码 运单编码 托运单 提单 邮件号 快遞單號 物流單號
   个快递 件快递 票快递 个快件 个包裹 工单 物流单 发货单 出库单 入库单 退货单 换货单 寄件单 签收单 回单 退款单 售后单 理赔单
   追蹤號 追蹤碼 編號 包裹編號 物流編號 集包号 总包号 包号 袋号 发货清单 出库清单 退货清单 清单 退回件 退件 问题件 滞留件
   编码 序号 代码 批次 波次 波次号 任务号 拣货单 拣货任务 库位 库位号 货位 货位号 储位 货架号 托盘号 容器号 周转箱 周转箱号 笼车号 柜门号 格口编号 箱格号 建包号 车牌号 线路号 路由号 分拣线
   扫描枪 巴枪 终端编号 序列码 票号 工单编号 投诉单号 理赔号 售后号 退款号 流水 序號 編碼 批號 定单 定单号 订单编码 原单 原单号 原订单 原订单号 新单号 补发单 补发单号 换货单号 退款单号 服务单号
   申请单 申请单号 申请编号 售后申请 退换货申请 退货申请 退款申请 换货申请 拣货单号 上架单 上架单号 任务单 任务单号 上架记录 入库记录 出库记录 分拣记录 扫描记录 拦截件 异常件 破损件 丢失件 错分件
   到付件 遗失件 超区件 待派件 派件单 交接单 訂單編號 訂單號碼 貨號 運單編號 快遞單 快遞單號 補發單 退貨單 售後單 工單 工單號 托運單號 宅配單號 物流單 追蹤編號 配送單號 單子號碼 运丹 运丹号 订丹
   订丹号 快递丹号 丹号 跟宗号 根踪号 跟踪单号
   车签 车签号 封签号 铅封号 笼车 笼号 柜机 本批
   投诉单 投诉单编号 报销单 报销单号 审批单 审批单号 报修单 报修单号 维修单 维修单号 赔付单 索赔单 投訴單 報銷單
   柜机号 柜机编号 快递柜号 快递柜编号 丰巢柜号 櫃機 櫃機號`,
);
// more labels of such numbers as courier, warehouse and commerce staff and systems write them,
// not only as the tuning texts did: sorting-centre seals, cages and routing codes (封签号, 铅封号,
// 车签号, 笼号, 三段码, 大头笔, 路区号, 段码, 班次号); warehouse places and materials (仓位号, 储位号,
// 货格号, 物料号, 料号, 品号, 包装号); locker cells (格子号, 柜格号, 柜机号); shop and merchant numbers
// of payment and commerce platforms (商户号, 门店号, 店铺号); devices (机器码, 芯片号, 巴枪号); receipts,
// vouchers and coupons (收据号, 凭证号, 优惠券号, 券码, 卡券号); a staff badge (工牌号); the things a
// Latin number word names (商品ID, 设备SN, 任务ID); a slip (单子), a spec code (规格), a return
// parcel (退货快递) and a carrier's slip (顺丰单, 中通单 ...), as customers write them; a garment's
// style and colour (款号, 色号), a barcode by its prefix or standard (69码, 国标码), a queue ticket
cjk(
  'negative',
  `封签 封签号 铅封 铅封号 封条号 车签 车签号 笼号 三段码 大头笔 路区号 段码 班次号 分拣码 集包编号 仓位 仓位号 储位号 货格号 物料
   物料号 料号 品号 包装号 格子号 柜格号 柜机号 商户号 门店号 店铺号 站点号 网点号 机器码 芯片号 巴枪号 车次号 收据号 凭证号
   优惠券号 券码 卡券号 工牌号 条码号 查询号 商品 货品 设备 任务 活动 序列号码 流水号码 封簽號 鉛封號 工牌號 商戶號
   单子 规格 退货快递 退货物流 退件物流 顺丰单 中通单 圆通单 申通单 韵达单 极兔单 京东单 德邦单 邮政单 百世单
   排队号 段号 行号 款号 色号 69码 国标码`,
);
// the documents and codes of systems next to a courier's, by how those systems name their
// numbers (not by one text): an ERP's or a WMS's documents (单据, 单据号: every 入库单/出库单/调拨单/
// 盘点单 is a 单据 with a 单据号, and its type names it too: 采购单, 领料单, 装箱单 …; 合同号, 制单号,
// an accounting 凭证), customs and sea freight (备案号, 航次 and 航次号 of a
// declaration's transport, 舱单号, 集装箱号, 合同协议号, 随附单证, 标记唛码), metering and IoT devices (网关号, 表号 of a utility meter,
// 电表号, 水表号, 燃气表号, 物联网卡号 and 流量卡号 of a device's data SIM, 模组号, 串码 and 机身码 as
// retail names an IMEI, 串号; a vehicle 定位器, a 终端, a charging pile's 桩号), payment slips (参考号 and 检索参考号 of a POS slip, 授权码), e-invoices (校验码,
// 税控码), and prize, coupon and gift-card codes, which are bearer codes and nobody's data
// (兑奖码, 兑换码, 兑换券号, 优惠码, 优惠券码, 激活码, 卡密, 券号, 礼品卡号, 充值卡号, 彩票号, 奖券号,
// 抽奖码, 团购码, 红包码, and 劵码/卷码 as 券码 is often mistyped); customs' 舱单, 关封号, 缴款书 and an
// insurer's 报案号. Not 核销码, which a community group-buy point also uses to hand over goods, not
// 邀请码/推荐码 (many apps make the inviter's mobile the referral code), not a member's or a
// stored-value card (储值卡号, 积分卡号: a member card is often the member's mobile), and not a
// SIM's 手机卡号, which people use for their own number.
cjk(
  'negative',
  `单据 单据号 单据号码 合同号 制单号 备案号 航次 航次号 舱单号 集装箱号 网关号 网关 表号 电表号 水表号 燃气表号
   物联网卡号 流量卡号 模组号 串码 机身码 参考号 检索参考号 系统参考号 授权码 校验码 税控码 兑奖码 兑换码 兑换券号
   优惠码 优惠券码 激活码 卡密 券号 礼品卡号 充值卡号 彩票号 奖券号 抽奖码 單據 單據號 兌換碼 兌獎碼 優惠碼
   协议号 合同协议号 单证 单证号 唛码 唛头 凭证 调拨单 采购单 销售单 盘点单 领料单 收货单 送货单 出货单 移库单
   质检单 结算单 对账单 付款单 收款单 报关单 报检单 装箱单 交货单 进仓单 入仓单 出仓单 配货单 补货单 下架单 生产单
   采购订单 销售订单 生产订单 终端 定位器 充电桩 充电桩号 桩号 舱单 关封号 检疫号 缴款书 缴款书号 报案号 兑换券 团购码
   团购券 电子券 优惠券 礼品卡 红包码 劵码 卷码 串号 抽奖号 中奖码 彩票 期号 托盘 封条`,
);
// places and staff that own an identifier but alone say nothing (a station, an outlet or an
// operator is often written down by its phone): only with a number word after them (员工ID,
// 站点ID, 操作员ID, 门店No, as operatorId and site_code in code) do they
// name an identifier. A member's or a user's id is not one of them: it may be their phone.
const CJK_OWNERS: ReadonlySet<string> = new Set(
  `员工 职工 人员 操作员 操作人 业务员 拣货员 分拣员 打包员 理货员 司机 站点 网点 门店 店铺 商户 商家 仓库 分拨
   中转场 員工 網點 門店 商戶`.split(/\s+/),
);

/**
 * @internal Start of the Chinese word of a place or a staff member (员工, 站点, 网点 ...) that ends at
 * `end` and starts at `from` or after, or -1: the owner of a number word after it (员工ID).
 */
export function cjkOwnerBefore(t: string, end: number, from: number): number {
  for (let n = 3; n >= 2; n--) if (end - n >= from && CJK_OWNERS.has(t.slice(end - n, end))) return end - n;
  return -1;
}
CJK.sort((a, b) => b[0].length - a[0].length);
// Keys of two characters or more by their last two (a hash of both that stays a small integer:
// a collision only adds a key the comparison rejects), one-character keys by that character.
// Each list keeps the longest-first order, and every longer key comes before every
// one-character key, so trying the pair's list and then the character's finds the same longest
// key as trying every key with that last character (号 ends 73 of them, 码 28).
const CJK_BY_PAIR = new Map<number, Array<[string, KeyKind]>>();
const CJK_SINGLE = new Map<number, Array<[string, KeyKind]>>();
function pairKey(prev: number, last: number): number {
  return ((prev & 0x3fff) << 16) | last;
}
for (const e of CJK) {
  const w = e[0];
  const last = w.charCodeAt(w.length - 1);
  const map = w.length >= 2 ? CJK_BY_PAIR : CJK_SINGLE;
  const k = w.length >= 2 ? pairKey(w.charCodeAt(w.length - 2), last) : last;
  const list = map.get(k);
  if (list) list.push(e);
  else map.set(k, [e]);
}

const GE = 0x4e2a; // 个
// what points at one thing: 这, 那, 這, 呢, 嗰, 哪
const POINTERS: ReadonlySet<number> = new Set([...'这那這呢嗰哪'].map((c) => c.charCodeAt(0)));

/** Index in `list` of its first key that ends at `end` and starts at `from` or after, or -1. */
function firstEndingAt(t: string, end: number, from: number, list: Array<[string, KeyKind]>): number {
  // (indexed, not `for (const [w, kind] of list)`: destructuring runs the iterator protocol)
  for (let i = 0; i < list.length; i++) {
    const w = list[i]![0];
    const s = end - w.length;
    if (s < from) continue;
    let k = 0;
    while (k < w.length && t.charCodeAt(s + k) === w.charCodeAt(k)) k++;
    if (k === w.length) return i;
  }
  return -1;
}

/** @internal What the Chinese key ending at `end` in `t` names (longest known suffix), and its start. */
export function cjkKeyBefore(
  t: string,
  end: number,
  from: number,
): { kind: KeyKind; start: number } | undefined {
  const last = t.charCodeAt(end - 1);
  if (end - 2 >= from) {
    const pair = CJK_BY_PAIR.get(pairKey(t.charCodeAt(end - 2), last));
    if (pair !== undefined) {
      const i = firstEndingAt(t, end, from, pair);
      if (i !== -1) {
        const start = end - pair[i]![0].length;
        // 这个快递 / 那个快递 before a number may be the courier (这个快递 1381... is his phone): only
        // a count of several (两个快递, 几个快递) makes 个快递 a key of parcels
        if (t.charCodeAt(start) === GE && start > 0 && POINTERS.has(t.charCodeAt(start - 1)))
          if (t.startsWith('个快递', start)) return undefined;
        return { kind: pair[i]![1], start };
      }
    }
  }
  const single = CJK_SINGLE.get(last);
  if (single === undefined || end - 1 < from) return undefined;
  const i = firstEndingAt(t, end, from, single);
  return i === -1 ? undefined : { kind: single[i]![1], start: end - 1 };
}
