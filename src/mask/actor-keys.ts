// The actor of a system's record: who scanned, signed, created or handled it, under a key that
// names a role in the system rather than a person (op=, opUser, oper_by, handler, createdBy,
// updater, czy 操作员, 操作人, 经办人 ...). Such keys hold an operation (op=label.print, op=签收),
// a login (admin, u1024) or a system as often as a person, so the key alone says nothing; what
// says person is the value's shape: a Chinese personal name (a known surname and one or two given
// characters, name-shape.ts) that is the whole value or is followed by something other than a
// Chinese character (op=骆文杰, "opUser":"骆文杰(8801)"). Latin values, dotted values and Chinese
// words are not taken (structured-values.ts reads the value with strength 'actor').
import { personLike as $personLike } from './addressed-names.js';
import { isIdeograph as $isIdeograph } from './char-flags.js';
import { givenNameLikely as $givenNameLikely } from './given-names.js';
import { surnameLenAt as $surnameLenAt } from './name-shape.js';

// imports as local bindings, read per character (see detect-number-context.ts)
const isCjk = $isIdeograph;
const personLike = $personLike;
const givenNameLikely = $givenNameLikely;
const surnameLenAt = $surnameLenAt;

// Latin keys, lower-cased without separators: the operator of a scan or a print, the handler of a
// ticket, who created, changed, checked or approved a record, and the pinyin initials staff
// systems use (czy 操作员, czr 操作人, jbr 经办人, clr 处理人, cjr 创建人, xgr 修改人); and the owner of
// a device or a ticket and the two sides of a hand-over (owner=段鹏, from=马骏 to=欧阳雪), whose
// values are as often a site, a hub or a team (from=深圳转运中心, owner=客服组)
const LATIN_ACTORS: ReadonlySet<string> = new Set(
  `op opuser opby oper operuser operby operatedby operatorby handler handledby handleuser handleby
   createdby createby creator createuser updatedby updateby updater updateuser modifiedby modifyby
   modifier modifyuser editor editedby auditor auditedby checker checkedby reviewer reviewedby
   approver approvedby assignee assignedto scanner scannedby scanuser signuser user username
   owner from to handoverfrom handoverto
   czy czr jbr clr cjr xgr`.split(/\s+/),
);
// Chinese keys, matched as the end of the key (最后操作人): 操作员 and the people who handle,
// create, change, check or approve a record
const CJK_ACTORS: readonly string[] =
  `操作人 操作员 操作者 經辦人 经办人 经手人 經手人 处理人 處理人 创建人 創建人 修改人 审核人
  審核人 审批人 審批人 负责人 負責人 制单人 製單人 录入人 錄入人 录单人 扫描人 扫描员 掃描員 跟进人 跟進人 操作員`
    .split(/\s+/)
    .filter((w) => w.length > 0);

const MAX_KEY = 24;

function isKeyChar(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95 || c === 45;
}

/**
 * @internal Whether the key that ends at `q` names the actor of a record (op, opUser, createdBy,
 * 操作人): its value is a name only when it is shaped as one (see the file's comment).
 */
export function actorKeyBefore(t: string, q: number): boolean {
  if (q <= 0) return false;
  if (isCjk(t.charCodeAt(q - 1))) {
    for (const w of CJK_ACTORS) if (q >= w.length && t.startsWith(w, q - w.length)) return true;
    return false;
  }
  let s = q;
  while (s > 0 && q - s <= MAX_KEY && isKeyChar(t.charCodeAt(s - 1))) s--;
  if (s === q || q - s > MAX_KEY) return false;
  // a key is one token: not glued to a Chinese word or a longer word
  let k = '';
  for (let i = s; i < q; i++) {
    const c = t.charCodeAt(i);
    if (c === 95 || c === 45) continue;
    k += String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c);
  }
  return LATIN_ACTORS.has(k);
}

// the last characters of a staff title, a team or a thing (安检员, 班组长, 应急组, 周转箱, 龙门吊):
// a value that ends in one is not a person
const NOT_LAST: ReadonlySet<number> = new Set(
  [...'员員工长長组組部站柜櫃车車架箱筐吊库庫'].map((c) => c.charCodeAt(0)),
);

/**
 * @internal Whether the Chinese name shape t[s, n) at the start of an actor key's value that ends
 * at `e` is taken as a person: three characters or more (a surname and two given characters, a
 * compound surname), or two whose given character is one names are commonly written with and
 * that make no word (op=王芳, operator=李强; two characters are as often an operation or a role:
 * 封包, 解车, 班组, 全员, whose second character names never use), not ending in a title's or a
 * thing's character, and followed by nothing or by no letter (骆文杰(8801), not 骆文杰abc).
 */
export function actorNameShape(t: string, s: number, n: number, e: number): boolean {
  if (n - s < 2 || NOT_LAST.has(t.charCodeAt(n - 1))) return false;
  if (n - s === 2 && (surnameLenAt(t, s) !== 1 || !givenNameLikely(t, s, 1, n))) return false;
  // nor a city or a county without its suffix (张家港, 石家庄), nor a body's name (…局, …站)
  if (!personLike(t, s, n)) return false;
  if (n === e) return true;
  const c = t.charCodeAt(n);
  return !((c | 32) >= 97 && (c | 32) <= 122);
}
