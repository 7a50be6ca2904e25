// How people in chat, tickets and handover notes refer to a number without a key before it:
// by its tail said first (单号尾号 0734 的那件 … 全号 A), by what happened to the item in a clause
// ending right before it (滞留最久的是 A), by its item's recipient whose own phone comes later
// (A 收件人要求改派，新号码 B), by pointing back at it from below (上面那个是单号), by denying
// what it is and saying what it is (A 不是电话，是单号, A 这票是单号); also documents and lockers
// people name in chat (投诉单 A, 报销单 A, 柜机 A) and Cantonese 系 between a label and its
// number (单号就系 A); a correction (A 才是单号); a mail's sign-off before its writer (Thanks,
// Grace Wong). Every rule is tested the other way round: the same shape with a real phone or no
// name stays found or unfound. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { found, phones } from '../support/detect-findings.js';
import { expectRedactLinear } from '../support/linear-growth.js';

const A = '13812345678';
const B = '15987654321';
const C = '17700001111';

describe('a number whose tail was said of a parcel before it is that parcel', () => {
  it.each([
    `单号尾号 5678 的那件到了没？全号 ${A}`,
    `尾号5678的快递还没到，完整的是${A}`,
    `运单尾号：5678 那个包裹呢，全部是 ${A} 麻烦看下`,
    `订单尾号 45678 的那单，全号${A}`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([
    `手机尾号 5678，全号 ${A}`,
    `电话尾号5678的那位，号码 ${A}`,
    `尾号5678的那个人，电话${A}`,
    `单号尾号 5678 的那件，收件人电话 ${A}`,
    `单号尾号 1234 的那件，全号 ${A}`,
    `单号尾号 5678 的那件到了，全号 ${A}，打这个`,
  ])('a phone tail, another tail or a phone word keeps the phone: %s', (text) => {
    expect(phones(text)).toEqual([A]);
  });
});

describe('a number whose head was said of a parcel is that parcel', () => {
  it.each([
    [`138开头的那件到了没，全号 ${A}`, []],
    [`我发了两个号 ${A} ${B}，那个13开头的是单号`, [B]],
    [`我发了两个号 ${A} ${B}，那个15开头的是单号`, [A]],
    [`${A} 那个13开头的是单号不是电话`, []],
  ] as const)('%s', (text, want) => {
    expect(phones(text)).toEqual(want);
  });
  it.each([
    `手机138开头的那件，${A}`,
    `138开头的那个人 ${A}`,
    `${A} 那个138开头的是我电话`,
    `139开头的那件到了没，全号 ${A}`,
  ])('a phone head, a person or another head keeps the phone: %s', (text) => {
    expect(phones(text)).toEqual([A]);
  });
});

describe('a number after a clause saying what happened to the item is the item', () => {
  it.each([
    `滞留最久的是 ${A}（放了 6 天），明天退回网点`,
    `驿站日报：滞留超 3 天的 ${A} 已短信提醒 ${B}`,
    `今天破损的是${A}，已拍照`,
    `错分的 ${A} 已经转回来了`,
    `积压最多的是 ${A}`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual(text.includes(B) ? [B] : []);
  });
  it.each([
    `联系不上的是 ${A}`,
    `没接电话的是 ${A}`,
    `滞留最久的是 ${A}，打这个`,
    `滞留件的收件人电话 ${A}`,
    `滞留的那个件收件人手机是 ${A}`,
    `拒收的是 ${A}`,
  ])('a person, a call or a phone key keeps the phone: %s', (text) => {
    expect(phones(text)).toEqual([A]);
  });
});

describe("a number followed by its item's recipient, whose own phone comes later, is the item", () => {
  it.each([
    `驿站交接：${A} 收件人张女士要求送货上门，电话 ${B}，已约明天上午`,
    `@小王 ${A} 收件人改电话了，新的是 ${B}`,
    `今日问题件：\n1. ${A} 收件人李先生要求改派，新号码 ${B}`,
    `其中 ${A} 收货人改号为 ${B}（原号码停机）`,
    `${A} 客户说不在家，让放门卫，手机 ${B}`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([B]);
  });
  it.each([
    [`${A} 收件人张女士要求送货上门`, [A]],
    [`寄件人 ${A} 收件人张女士要求送货上门，电话 ${B}`, [A, B]],
    [`张三 ${A} 收件人李四要求改派，电话 ${B}`, [A, B]],
    [`${A} 收件人电话 ${B}`, [A, B]],
    [`${A} 收件人张女士 电话 ${B}`, [A, B]],
    [`${A} 收件人要求改派\n电话 ${B}`, [A, B]],
    [`${A} 收件人要求改派，电话 ${A}`, [A, A]],
  ] as const)('a sender, a name, a record or no phone of its own keeps the phone: %s', (text, want) => {
    expect(phones(text)).toEqual(want);
  });
});

describe('a new phone after a change stays a phone beside a waybill of the same block', () => {
  it.each([
    [`@小王 13812345670 收件人改电话了，新的是 ${A}，旧的 ${C} 停机了`, [A, C]],
    [`13812345670 收件人改号为 ${A}`, [A]],
    [`13812345670 收件人要求改派，新号码 ${A}`, [A]],
  ] as const)('%s', (text, want) => {
    expect(phones(text)).toEqual(want);
  });
});

describe('a number pointed back at from below or denied to be a phone is what the text says', () => {
  it.each([
    `${A}\n上面那个是单号不是电话`,
    `师傅 ${A} 这票是单号不是电话哈`,
    `${A} 不是电话，是单号`,
    `${A}，上面那个号是运单号哈`,
    `发你了 ${A}\n刚才那个是订单号`,
    `${A} 唔係電話，係單號`,
    `${A} 这单是订单号`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([
    `${A}\n上面那个是我电话`,
    `${A} 不是电话`,
    `${A} 不是电话吗`,
    `${A} 这个号是我电话`,
    `电话 ${A}\n上面那个是单号`,
    `${A}\n${B}\n上面那个是单号`,
    `${A} ${B}\n上面那个是单号`,
    `${A} 这票是我电话`,
    `${A} 不是单号，是电话`,
  ])('a phone word, a personal key or another number between keeps the phone: %s', (text) => {
    expect(phones(text)).toContain(A);
  });
});

describe('documents, lockers and Cantonese 系 in chat', () => {
  it.each([
    `投诉单 ${A} 已升级到二线`,
    `【审批】报销单 ${A} 已通过`,
    `柜机 ${A}，请凭短信取件码取件`,
    `单号就系${A}你唔好搞错啊`,
    `单号系 ${A}`,
    '单号就系一三八一二三四五六七八',
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([
    [`投诉单 ${C} 的联系电话 ${A}`, [A]],
    [`柜机 ${C} 故障，联系 ${A}`, [A]],
    [`我电话系${A}`, [A]],
    [`有事联系${A}`, [A]],
    [`电话联系 ${A}`, [A]],
    [`单号系 ${C}，电话系 ${A}`, [A]],
  ] as const)('a phone beside them stays found: %s', (text, want) => {
    expect(phones(text)).toEqual(want);
  });
});

describe('a number chased or looked up as a thing is the parcel; a number called stays a phone', () => {
  it.each([
    `帮我追一下 ${A}`,
    `催下 ${A} 吧`,
    `麻烦跟进一下 ${A}，谢谢`,
    `帮我看看这个 ${A}`,
    `帮我查下那个 ${A}？`,
    `睇下呢個 ${A}`,
    `帮我差一下这个 ${A}`,
    `快递一直没到，催一下这个 ${A}`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([
    [`帮我查一下 ${A}`, [A]],
    [`快递一直没到，帮我查一下 ${A}`, [A]],
    [`帮我查一下 ${A} 的快递`, [A]],
    [`帮我查一下 ${A} 名下的件`, [A]],
    [`用我手机号帮我查一下这个 ${A}`, [A]],
    [`帮我催一下 ${A}，这是我电话`, [A]],
    [`帮我看看这个 ${A} 是谁`, [A]],
    [`帮我看看这个 ${A} 打不通`, [A]],
    [`打 ${A}`, [A]],
    [`拨打${A}`, [A]],
    [`回电 ${A}`, [A]],
    [`催一下快递员，他电话 ${A}`, [A]],
    [`查一下 ${C} 的件，我电话 ${B}`, [C, B]],
    // (a phone word right after the comma may point back at it: both stay, the safe reading)
    [`追一下 ${C}，我电话 ${B}`, [C, B]],
  ] as const)('a lookup by phone, a call or a phone word keeps the phone: %s', (text, want) => {
    expect(phones(text)).toEqual(want);
  });
});

describe('a handling unit as the subject of an English sentence names the unit', () => {
  it.each([
    `Bag ${A} arrived without seal; 3 parcels missing.`,
    `Seal broken. Bag ${A} short by 2 parcels.`,
    `Job ${A} done`,
    `Route ${A} delayed by traffic`,
    `Tote ${A} at dock 4`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([
    `a bag for ${A}`,
    `Booking ${A} confirmed`,
    `the bag ${A}`,
    `Bag ${A}, call me`,
    `Case ${A} is my phone`,
    `left the bag with ${A}`,
  ])('a booking, a person or a call keeps the phone: %s', (text) => {
    expect(phones(text)).toEqual([A]);
  });
});

describe("a page's file extension before its query does not hide the thing the page names", () => {
  it.each([
    `宝贝链接 https://item.example.com/item.htm?id=${A} 就是这个款`,
    `https://shop.example.com/detail.php?sku=${A}`,
    `https://shop.example.com/order.html?no=${A}`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([
    `https://shop.example.com/contact.php?id=${A}`,
    `https://shop.example.com/a.htm?id=${A}`,
    `https://shop.example.com/order.html?no=${C}&tel=${A}`,
  ])('a contact page or a phone key keeps the phone: %s', (text) => {
    expect(phones(text)).toEqual([A]);
  });
});

describe('a key of personal data right before a number outweighs every weaker reader', () => {
  // each text holds what one of the readers above looks for (a tail or a head said of a parcel,
  // a chase or look-up verb, a handling verb, a waybill question, a pointer, a barcode, a list of
  // waybills), and the number has a phone key of its own: the key wins, and those readers are
  // not asked (drop-labelled.ts)
  it.each([
    `客服：请问单号多少？\n客户：电话${A}`,
    `帮我查一下电话${A}`,
    `催下 手机号${A}`,
    `正在派送 电话${A}`,
    `尾号5678的件到了吗？电话${A}`,
    `138开头的那个件，电话${A}`,
    `单号在下面\n电话：${A}`,
    `*${A}*\n电话${A}`,
    `运单号：${B.slice(0, 10)}0、${B.slice(0, 10)}2、电话${A}`,
  ])('%s', (text) => {
    expect(phones(text)).toContain(A);
  });
  it.each([
    `帮我查一下单号${A}`,
    `尾号5678的件到了吗？全号${A}`,
    `客服：请问单号多少？\n客户：${A}`,
    `这是运单号不是电话：${A}`,
  ])('without the key, or with the key denied, the reader still clears it: %s', (text) => {
    expect(phones(text)).toEqual([]);
  });
});

describe('a correction says which number is the waybill', () => {
  it.each([`不好意思发错了，${A} 才是单号`, `${A} 就是单号`, `${A} 才是正确的单号`, `${A} 先係單號`])(
    '%s',
    (text) => {
      expect(phones(text)).toEqual([]);
    },
  );
  it.each([`${A} 才是我电话`, `${A} 才是正确的电话`, `${A} 是新的电话`, `${A} 就是我`, `电话 ${A} 才是单号`])(
    'a phone word after or a phone key before keeps the phone: %s',
    (text) => {
      expect(phones(text)).toEqual([A]);
    },
  );
});

describe("a mail's sign-off names its writer", () => {
  it.each([
    [`Order ${C} arrives tomorrow? Thanks, Grace Wong`, 'Grace Wong'],
    ['Please leave it at the door. Best regards,\nLi Na', 'Li Na'],
    ['Thank you, Zhang Wei', 'Zhang Wei'],
    ['Cheers, Sarah Lee', 'Sarah Lee'],
  ] as const)('%s', (text, name) => {
    expect(found(text, 'name')).toEqual([name]);
  });
  it.each(['Thanks, the team', 'Thanks, will do', 'Regards, Customer Service', 'Best, and see you'])(
    'words that do not read as a name are not one: %s',
    (text) => {
      expect(found(text, 'name')).toEqual([]);
    },
  );
});

describe('linear time', () => {
  it.each([
    `尾号5678的件 ${A} `,
    `单号尾号 5678 的那件，全号 ${A}，`,
    `滞留最久的是 ${A}，`,
    `滞留滞留滞留的`,
    `${A} 收件人张女士要求送货上门，电话 ${B}，`,
    `${A} 收件人要求改派 `,
    `${A}\n上面那个是单号不是电话\n`,
    `上面那个上面那个 `,
    `${A} 不是电话，是单号。`,
    `改电话了，新的是 ${A}，`,
    `单号就系${A}，`,
    `帮我看看这个 ${A}\n`,
    `催下 ${A} 吧。`,
    `追追追追 `,
    `Bag ${A} arrived. `,
    `/item.htm?id=${A} `,
    `${A} 才是正确的单号，`,
    'Thanks, Grace Wong. ',
    'Thanks, Thanks, Thanks, ',
    `138开头的那件 ${A}，`,
    '开头开头开头13开头的',
  ])('%s', (unit) => {
    expectRedactLinear(unit);
  });
});
