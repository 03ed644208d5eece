/**
 * Where a moderator's request for changes belongs on the edit form. The reason is free text
 * ("证书编码有误，请上传执业证书首页复印件"); the form repeats it beside each field it names, so the filer sees what
 * to fix where they fix it. A field is named by its label or a common short name; asking for a file names the
 * proof upload.
 */
import type { DocumentType } from './catalogue.js';
import { labelOf } from './validation.js';

const DECLARANT_AND_CONTACT = ['declarant.name', 'declarant.idNumber', 'declarant.creditCode', 'lostOn', 'statement', 'contact.phone', 'contact.email'];

/** Short names moderators write for fields whose label is long. */
const SHORT_NAMES: Readonly<Record<string, readonly string[]>> = {
  'declarant.name': ['姓名', '名称', 'name'],
  'declarant.idNumber': ['身份证'],
  'declarant.creditCode': ['信用代码', 'credit code'],
  'contact.phone': ['电话', '手机', 'phone', 'mobile'],
  'contact.email': ['邮箱', 'e-mail', 'email'],
  statement: ['说明', 'statement'],
};

const ASKS_FOR_A_FILE = /上传|附件|复印件|扫描件|照片|证明材料|回执|upload|attach|\bcop(?:y|ies)\b|\bscan|\bphoto/i;

/**
 * The form fields (dotted paths, and `attachments` for the proof upload) a reason names. Longer names are read
 * first and take their words out of the reason, so a name inside another field's name (`姓名` in `经营者姓名`)
 * does not name its own field as well.
 */
export function fieldsNamedIn(reason: string, type: DocumentType, kind: unknown): string[] {
  const paths = [...DECLARANT_AND_CONTACT, ...type.fields.map((field) => `document.${field.name}`)];
  // Each name with the fields it names (two fields may share one).
  const fieldsByName = new Map<string, string[]>();
  for (const path of paths) {
    const label = labelOf(path, type, kind);
    for (const name of [label['zh-CN'], label.en, ...(SHORT_NAMES[path] ?? [])]) {
      const key = name.toLowerCase();
      if (key !== '') fieldsByName.set(key, [...(fieldsByName.get(key) ?? []), path]);
    }
  }
  let unread = reason.toLowerCase();
  const named = new Set<string>();
  for (const [name, fields] of [...fieldsByName].sort(([a], [b]) => b.length - a.length)) {
    if (!unread.includes(name)) continue;
    for (const path of fields) named.add(path);
    unread = unread.replaceAll(name, '\u0000');
  }
  const inFormOrder = paths.filter((path) => named.has(path));
  return ASKS_FOR_A_FILE.test(reason) ? [...inFormOrder, 'attachments'] : inFormOrder;
}
