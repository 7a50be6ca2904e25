// Pickup codes as Taiwanese and Hong Kong store-pickup and locker notices name them (取件驗證碼,
// 取貨密碼, 領件碼, 取件編號, and 驗證碼 or 密碼 alone in a clause about collecting a parcel), and
// under a generic key (code, verifyCode, pwd, pin) in a record about collecting at a station or a
// locker. Tested the other way round too: login codes, error and status codes, a station's own
// code, dates, versions, shelf and room numbers in unrelated records, order ids and phones are not
// taken as codes. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { detect, redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';

function spans(text: string): string[] {
  return detect(text).map((f) => `${f.kind}:${text.slice(f.start, f.end)}`);
}

function expectMasked(text: string, code: string): void {
  const out = redact(text).text;
  expect(out).not.toContain(code);
  expect(out).toBe(text.replace(code, code.replace(/[A-Za-z0-9]/g, '*')));
}

describe('the words Taiwanese and Hong Kong notices give a pickup code', () => {
  it.each([
    ['【全家】包裹已到中和站前門市，取貨驗證碼：552910，請於7天內取貨', '552910'],
    ['【萊爾富】您的包裹已到店，領件碼 A3-2-1109，請攜帶證件', 'A3-2-1109'],
    ['交貨便通知：取件編號 80214477，請至門市取件', '80214477'],
    ['取貨密碼為 4417，逾期將退回', '4417'],
    ['順豐站取件驗証碼#330917', '330917'],
    ['Your parcel is in locker 12, locker password: 55218', '55218'],
  ])('finds and masks the code in %s', (text, code) => {
    expect(spans(text)).toEqual([`pickupCode:${code}`]);
    expectMasked(text, code);
  });

  it('reads the same words as keys of a record', () => {
    expect(spans('{"取件驗證碼":"386204","門市":"信義"}')).toEqual(['pickupCode:386204']);
    expect(spans('取貨密碼=7731;')).toEqual(['pickupCode:7731']);
  });
});

describe('驗證碼 and 密碼 alone: a pickup code only in a clause about collecting a parcel', () => {
  it.each([
    ['【7-ELEVEN】您訂購的商品已送達板橋文化門市，驗證碼：552910，請於7天內取貨。', '552910'],
    ['您的快件已存入順豐智能櫃，密碼 73019，請盡快領取。', '73019'],
    ['包裹已到驿站，验证码 6690 请凭码取件', '6690'],
    ['验证码【12-3-0456】，请到丰巢柜取件', '12-3-0456'],
  ])('finds and masks the code in %s', (text, code) => {
    expect(spans(text)).toEqual([`pickupCode:${code}`]);
    expectMasked(text, code);
  });

  it.each([
    '您的登入驗證碼為 552910，請勿告知他人。',
    '【順豐】您正在登錄App查詢包裹，驗證碼 884213',
    '驗證碼 552910 用於修改綁定手機',
    '验证码 4821，10分钟内有效',
    '您的密碼已重置為 88123456',
    'Wi-Fi 密碼 66778899',
  ])('leaves a verification code or password of another clause: %s', (text) => {
    expect(spans(text)).toEqual([]);
  });

  it('keeps a phone in a pickup clause a phone', () => {
    expect(spans('包裹已到驿站，验证码 6690，有问题请联系 13812345678')).toEqual([
      'pickupCode:6690',
      'phone:13812345678',
    ]);
    expect(spans('包裹已到驿站，验证码已发至13812345678')).toEqual(['phone:13812345678']);
    expect(spans('包裹放入快递柜，密码 13812345678')).toEqual(['phone:13812345678']);
  });
});

describe('a generic key in a record about collecting a parcel', () => {
  it.each([
    ['POST /locker/pickup/confirm body={"pin":"58213","cabinetNo":"C07"}', '58213'],
    ['sms.send tpl=PICKUP_NOTICE params={"code":"12-3-0456","site":"东门"}', '12-3-0456'],
    ['GET /api/v2/yizhan/checkout?verify_code=330917&stationId=ST22', '330917'],
    ['[locker] open box=C07 password=88130457 result=ok', '88130457'],
    ['qujian code=7-1-5520 site=东门驿站', '7-1-5520'],
    ["{'checkCode': 'B2-4-0172', 'point': '北门自提点'}", 'B2-4-0172'],
  ])('finds and masks the code in %s', (text, code) => {
    expect(spans(text)).toEqual([`pickupCode:${code}`]);
    expectMasked(text, code);
  });

  it.each([
    ['an error code beside a message', 'POST /station/pickup resp={"code":10001,"msg":"取件码错误"}'],
    ['a status code', 'HTTP code=200 path=/station/pickup'],
    ["a station's own code", '{"station":{"code":"330106","name":"西湖驿站"}}'],
    ['a SKU code in a record without a pickup word', 'GET /api/sku?code=12345678'],
    ['an area code', '{"areaCode":"0571","station":"西湖驿站"}'],
    ['a login record', 'POST /station/login body={"pwd":"12345678"}'],
    ['a date', 'POST /station/pickup body={"code":"2024-05-06"}'],
    ['a version', '{"code":"1.2.3","station":"西湖驿站"}'],
    ['a shelf code in a warehouse record', 'wms shelf code=8-2-3041 zone=B'],
    ['a room number in a hotel record', '{"room":"12-3-0456","code":"1203","guest":"A"}'],
    ['an order id', '{"code":"88130457","orderNo":"DD20240506"}'],
    ['a pickup word on another line', 'station=西湖驿站\ncode=88130457'],
  ])('does not take %s', (_what, text) => {
    expect(spans(text).filter((s) => s.startsWith('pickupCode'))).toEqual([]);
  });

  it('keeps a mobile under a generic key in a pickup record a phone', () => {
    expect(spans('{"code":"13812345678","station":"西湖驿站"}')).toEqual(['phone:13812345678']);
    expect(spans('{"code":"8-2-3041","station":"西湖驿站","tel":"13812345678"}')).toEqual([
      'pickupCode:8-2-3041',
      'phone:13812345678',
    ]);
  });
});

describe('a Chinese generic key in a record about collecting a parcel', () => {
  it.each([
    ['POST /station/pickup body={"验证码":"5566","cabinetNo":"C07"}', '5566'],
    ['{"驿站":"幸福里店","密码":"8-2-3041"}', '8-2-3041'],
    ['[快递柜] 开箱 格口=C07 口令=88130457 结果=成功', '88130457'],
    ['{"自提点":"北门","驗證碼":"330917"}', '330917'],
    ['取件记录 站点=西湖驿站 校验码=7-1-5520', '7-1-5520'],
    ['{"丰巢柜":"F12","开门码":"662901"}', '662901'],
  ])('finds and masks the code in %s', (text, code) => {
    expect(spans(text)).toEqual([`pickupCode:${code}`]);
    expectMasked(text, code);
  });

  it.each([
    ['an error code', '{"错误码":"10001","驿站":"西湖驿站"}'],
    ['a code beside a return code', '{"返回码":"200","验证码":"5566","驿站":"西湖驿站"}'],
    ['a code beside an error message', '{"错误信息":"已过期","验证码":"5566","驿站":"西湖驿站"}'],
    ['a login record', 'POST /user/login body={"验证码":"556677","来源":"驿站小程序"}'],
    ['a registration record', '注册 {"驿站":"东门","密码":"88130457"}'],
    ['a record without a pickup word', '{"验证码":"556677","渠道":"短信"}'],
    ['a longer key (an SMS login code)', '{"取件地址":"菜鸟驿站","短信验证码":"556677"}'],
    ["a station's own code under a code key", '{"站点编码":"330106","驿站":"西湖驿站"}'],
    ['a password of letters', '{"驿站":"东门","密码":"abc12345"}'],
  ])('does not take %s', (_what, text) => {
    expect(spans(text).filter((s) => s.startsWith('pickupCode'))).toEqual([]);
  });

  it('keeps a mobile under a Chinese generic key in a pickup record a phone', () => {
    expect(spans('{"验证码":"13812345678","驿站":"西湖驿站"}')).toEqual(['phone:13812345678']);
    expect(spans('{"密码":"8-2-3041","驿站":"西湖驿站","电话":"13812345678"}')).toEqual([
      'pickupCode:8-2-3041',
      'phone:13812345678',
    ]);
  });
});

describe('the new pickup-code rules in linear time', () => {
  it.each([
    '【全家】包裹已到門市，驗證碼 552910，',
    '驗證碼 ',
    '登入驗證碼 4821，包裹',
    '取貨驗證碼：330917；',
    'POST /station/pickup body={"code":"8-2-3041"} ',
    '{"code":1234,"msg":"x","station":"y"}',
    '"pwd":"7731",',
    'code=1234 ',
    '{"验证码":"5566","驿站":"x"},',
    '密码=8-2-3041 ',
    '验证码=验证码=',
  ])('redacts %s repeated to 64 Ki characters in linear time', (unit) => {
    expectRedactLinear(unit);
  });
});
