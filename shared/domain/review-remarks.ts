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

/** The form fields (dotted paths, and `attachments` for the proof upload) a reason names. */
export function fieldsNamedIn(reason: string, type: DocumentType, kind: unknown): string[] {
  const said = reason.toLowerCase();
  const paths = [...DECLARANT_AND_CONTACT, ...type.fields.map((field) => `document.${field.name}`)];
  const named = paths.filter((path) => {
    const label = labelOf(path, type, kind);
    return [label['zh-CN'], label.en, ...(SHORT_NAMES[path] ?? [])].some((name) => said.includes(name.toLowerCase()));
  });
  return ASKS_FOR_A_FILE.test(reason) ? [...named, 'attachments'] : named;
}
