import { describe, expect, it } from 'vitest';
import { isPiiError } from '../../src/errors.js';
import {
  isServiceNumber,
  isVirtualNumber,
  mask,
  maskAddress,
  maskBankCard,
  maskEmail,
  maskGeo,
  maskIdNumber,
  maskLandline,
  maskName,
  maskPassport,
  maskPhone,
  maskers,
  truncateCoordinate,
} from 'courier-pii/mask';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isPiiError(e) ? e.code : 'not a PiiError';
  }
  return undefined;
}

describe('convention table rows, default behaviour', () => {
  it.each([
    ['name', '张三', '张*'],
    ['name', '欧阳娜娜', '欧阳**'],
    ['name', '阿依古丽·买买提', '阿***·***'],
    ['name', 'John Smith', 'J*** S****'],
    ['name', '王先生', '王先生'],
    ['name', '李女士', '李女士'],
    ['phone', '13812345678', '138****5678'],
    ['phone', '+86 138 1234 5678', '+86 138 **** 5678'],
    ['landline', '021-12345678', '021-****5678'],
    ['phone', '17012345678转1234', '17012345678转1234'],
    ['idNumber', '110105199003071239', '1****************9'],
    ['passport', 'A123456(3)', 'A******(3)'],
    ['bankCard', '6222021234567890128', '622202*********0128'],
    ['email', 'zhang.san@example.com', 'z********@example.com'],
    ['address', '山东省青岛市市南区香港中路61号', '山东省青岛市市南区****'],
    ['geo', '30.2875,120.1620', '30.28,120.16'],
    ['waybillNo', 'SF1381234567890', 'SF1381234567890'],
  ] as const)('%s %s → %s', (kind, input, expected) => {
    expect(mask(kind, input)).toBe(expected);
    expect(maskers[kind](input)).toBe(expected);
  });
});

describe('names', () => {
  it('keeps every compound surname whole, simplified and traditional', () => {
    for (const [input, out] of [
      ['司马相如', '司马**'],
      ['司馬相如', '司馬**'],
      ['诸葛亮', '诸葛*'],
      ['諸葛亮', '諸葛*'],
      ['上官婉儿', '上官**'],
      ['歐陽修', '歐陽*'],
      ['尉迟恭', '尉迟*'],
      ['尉遲恭', '尉遲*'],
      ['澹臺滅明', '澹臺**'],
      ['爱新觉罗溥仪', '爱新觉罗**'],
    ]) {
      expect(maskName(input!)).toBe(out);
    }
  });

  it('treats 单 as a single surname except in 单于', () => {
    expect(maskName('单雄信')).toBe('单**');
    expect(maskName('单于晨')).toBe('单于*');
    expect(maskName('單于晨')).toBe('單于*');
  });

  it('does not read a two-character name as a compound surname alone', () => {
    expect(maskName('欧阳')).toBe('欧*');
  });

  it('masks the given name before an honorific and keeps a bare surname with one', () => {
    expect(maskName('张三先生')).toBe('张*先生');
    expect(maskName('欧阳先生')).toBe('欧阳先生');
    expect(maskName('刘师傅')).toBe('刘师傅');
    expect(maskName('陈小姐')).toBe('陈小姐');
  });

  it('keeps Latin titles and masks each word after its first letter', () => {
    expect(maskName('Mr. John Smith')).toBe('Mr. J*** S****');
    expect(maskName("Mary-Jane O'Neil")).toBe("M***-**** O'****");
  });

  it('hides a one-character name entirely', () => {
    expect(maskName('张')).toBe('*');
  });

  it('honours keepStart, keepEnd and maskChar', () => {
    expect(maskName('张三丰', { keepEnd: 1 })).toBe('张*丰');
    expect(maskName('张三丰', { keepStart: 0 })).toBe('***');
    expect(maskName('欧阳娜娜', { maskChar: '•' })).toBe('欧阳••');
  });

  it('counts a character outside the BMP as one hidden character', () => {
    expect(maskName('张𠮷')).toBe('张*');
  });
});

describe('phones', () => {
  it('keeps the country code and separators in every written form', () => {
    expect(maskPhone('0086-138-1234-5678')).toBe('0086-138-****-5678');
    expect(maskPhone('(+86)13812345678')).toBe('(+86)138****5678');
    expect(maskPhone('8613812345678')).toBe('86138****5678');
    expect(maskPhone('+8613812345678')).toBe('+86138****5678');
    expect(maskPhone('138 1234 5678')).toBe('138 **** 5678');
  });

  it('keeps the last four digits of other countries numbers', () => {
    expect(maskPhone('+852 9123 4567')).toBe('+852 **** 4567');
    expect(maskPhone('+1 415 555 2671')).toBe('+1 415 *** 2671');
  });

  it('leaves virtual numbers with an extension unchanged', () => {
    for (const v of ['17012345678转1234', '17012345678-1234', '17012345678,1234']) {
      expect(isVirtualNumber(v)).toBe(true);
      expect(maskPhone(v)).toBe(v);
    }
  });

  it('hides every letter and digit of a value that is not shaped like a phone', () => {
    expect(maskPhone('call me 138')).toBe('**** ** ***');
  });
});

describe('landlines', () => {
  it('keeps area code, extension and separators', () => {
    expect(maskLandline('(0755)1234567')).toBe('(0755)***4567');
    expect(maskLandline('010 8765 4321 转 8012')).toBe('010 **** 4321 转 8012');
    expect(maskLandline('+86 21 1234 5678')).toBe('+86 21 **** 5678');
    expect(maskLandline('02112345678')).toBe('021****5678');
    expect(maskLandline('057188886666')).toBe('0571****6666');
    expect(maskLandline('021-12345678-8012')).toBe('021-****5678-8012');
  });

  it('leaves company service numbers unchanged', () => {
    for (const v of ['400-820-1234', '95338', '800-820-5566']) {
      expect(isServiceNumber(v)).toBe(true);
      expect(maskLandline(v)).toBe(v);
    }
  });
});

describe('documents, cards, email', () => {
  it('masks a resident ID with an X check character and the 15-digit form', () => {
    expect(maskIdNumber('11010519900307123X')).toBe('1****************X');
    expect(maskIdNumber('110105900307123')).toBe('1*************3');
  });

  it('masks an ID even when its checksum is wrong', () => {
    expect(maskIdNumber('110105199003071230')).toBe('1****************0');
  });

  it('keeps passport and permit punctuation', () => {
    expect(maskPassport('E12345678')).toBe('E*******8');
    expect(maskPassport('AB123456(A)')).toBe('A*******(A)');
    expect(maskPassport('A1234')).toBe('*****');
  });

  it('keeps spaces in bank cards and shortens what shows on short numbers', () => {
    expect(maskBankCard('6222 0212 3456 7890 128')).toBe('6222 02** **** ***0 128');
    expect(maskBankCard('123456789012')).toBe('1234****9012');
  });

  it('keeps the email domain and hides a one-character local part', () => {
    expect(maskEmail('a@example.com')).toBe('*@example.com');
    expect(maskEmail('not an email')).toBe('*** ** *****');
  });
});

describe('addresses', () => {
  it.each([
    ['北京市朝阳区建国路88号', '北京市朝阳区****'],
    ['北京朝阳区建国路88号', '北京朝阳区****'],
    ['上海市浦东新区张江路88弄5号', '上海市浦东新区****'],
    ['重庆市巫山县广东路1号', '重庆市巫山县****'],
    ['广东省东莞市长安镇振安中路168号', '广东省东莞市****'],
    ['广东省中山市石岐区孙文中路8号', '广东省中山市****'],
    ['海南省儋州市那大镇中兴大街12号', '海南省儋州市****'],
    ['甘肃省嘉峪关市新华中路33号', '甘肃省嘉峪关市****'],
    ['河南省济源市济水大街100号', '河南省济源市****'],
    ['内蒙古自治区锡林郭勒盟锡林浩特市额尔敦路9号', '内蒙古自治区锡林郭勒盟锡林浩特市****'],
    ['吉林省延边朝鲜族自治州延吉市光明街21号', '吉林省延边朝鲜族自治州延吉市****'],
    ['新疆维吾尔自治区阿克苏地区库车市天山路1号', '新疆维吾尔自治区阿克苏地区库车市****'],
    ['广西壮族自治区南宁市青秀区民族大道1号', '广西壮族自治区南宁市青秀区****'],
    ['山东青岛市南区香港中路61号', '山东青岛市南区****'],
    ['深圳市南山区科技园南路1号', '深圳市南山区****'],
    ['朝阳区建国路88号', '朝阳区****'],
    ['香港九龙油尖旺区弥敦道1号', '香港九龙油尖旺区****'],
    ['某某路1号', '****'],
  ])('%s → %s', (input, expected) => {
    expect(maskAddress(input)).toBe(expected);
  });

  it('stops at the requested level and never shows a deeper one', () => {
    const a = '山东省青岛市市南区香港中路61号';
    expect(maskAddress(a, { addressLevel: 'city' })).toBe('山东省青岛市****');
    expect(maskAddress(a, { addressLevel: 'province' })).toBe('山东省****');
    expect(maskAddress('深圳市南山区科技园', { addressLevel: 'province' })).toBe('****');
    expect(maskAddress(a, { addressTail: '（已隐藏）' })).toBe('山东省青岛市市南区（已隐藏）');
  });
});

describe('geo', () => {
  it('truncates toward zero instead of rounding', () => {
    expect(maskGeo('30.2899,120.1699')).toBe('30.28,120.16');
    expect(maskGeo('-33.86881, 151.20929')).toBe('-33.86, 151.20');
    expect(truncateCoordinate(0.29)).toBe(0.29);
    expect(truncateCoordinate(-33.8688)).toBe(-33.86);
    expect(truncateCoordinate(120.1699, 3)).toBe(120.169);
  });
});

describe('other kinds', () => {
  it('keeps the birth year, the IP network half, the device id tail, nothing of a pickup code', () => {
    expect(mask('birthDate', '1990-03-07')).toBe('1990-**-**');
    expect(mask('ip', '192.168.1.23')).toBe('192.168.*.**');
    expect(mask('deviceId', '490154203237518')).toBe('***********7518');
    expect(mask('pickupCode', '3-2-1234')).toBe('*-*-****');
  });

  it('redacts free text in mask mode', () => {
    expect(mask('freeText', '放门口，电话13812345678')).toBe('放门口，电话138****5678');
  });
});

describe('errors', () => {
  it('rejects kinds without a string masker with MASK_UNSUPPORTED', () => {
    expect(code(() => mask('image', 'x'))).toBe('MASK_UNSUPPORTED');
    expect(code(() => mask('custom', 'x'))).toBe('MASK_UNSUPPORTED');
    expect(code(() => mask('nope' as never, 'x'))).toBe('MASK_UNSUPPORTED');
  });

  it('rejects a non-string value with INVALID_ARGUMENT for every masker', () => {
    for (const m of Object.values(maskers))
      expect(code(() => m(13812345678 as never))).toBe('INVALID_ARGUMENT');
  });

  it('rejects bad options with INVALID_ARGUMENT', () => {
    expect(code(() => maskPhone('13812345678', { maskChar: '**' }))).toBe('INVALID_ARGUMENT');
    expect(code(() => maskPhone('13812345678', { maskChar: '1' }))).toBe('INVALID_ARGUMENT');
    expect(code(() => maskPhone('13812345678', { keepStart: -1 }))).toBe('INVALID_ARGUMENT');
    expect(code(() => maskAddress('北京市', { addressLevel: 'street' as never }))).toBe('INVALID_ARGUMENT');
  });

  it('never puts the value in an error message', () => {
    try {
      maskPhone('13812345678', { keepStart: 1.5 });
    } catch (e) {
      expect(String((e as Error).message)).not.toContain('13812345678');
    }
    expect.assertions(1);
  });
});
