import { maskSensitiveText } from './mask.js';

/**
 * The newspaper that publishes the notices: named on the print page's masthead, on every proof of publication
 * (登报证明) and as the signer of the transparency log. One deployment is one newspaper.
 */
export interface PublisherIdentity {
  /** 报社名称, e.g. `东岳晚报社`. */
  readonly name: string;
  /** 报头: the paper's title as printed, without 《》, e.g. `东岳晚报`. */
  readonly masthead: string;
  readonly address: string;
  /** The desk's landline (or a 400/800 service number), printed in full: it is the paper's, not a person's. */
  readonly phone: string;
  readonly website?: string;
}

/** A demo newspaper, so a local run and the tests print a believable page; a deployment names its own. */
export const DEMO_PUBLISHER: PublisherIdentity = {
  name: '东岳晚报社',
  masthead: '东岳晚报',
  address: '山东省济南市历下区示范路 100 号',
  phone: '0531-8519 6114',
  website: 'https://www.dongyue-wanbao.example',
};

export type PublisherField = keyof PublisherIdentity;

/** A landline with its area code (`0531-85196114`, `(0531) 8519 6114`) or a 400/800 service number. */
const LANDLINE = /^(?:\(0\d{2,3}\)\s?|0\d{2,3}[-\s])[2-9]\d{2,3}[-\s]?\d{4}(?:[-转]\d{1,5})?$/;
const SERVICE_NUMBER = /^[48]00[-\s]?\d{3}[-\s]?\d{4}$/;
const MAX_TEXT = 80;

/** Trimmed, with 《》 taken off a masthead (the pages add them where the title is quoted). */
function cleaned(field: PublisherField, value: string): string {
  const trimmed = value.trim();
  return field === 'masthead' ? trimmed.replace(/^《(.*)》$/u, '$1').trim() : trimmed;
}

/** Why the phone cannot be printed as the newspaper's contact, or undefined when it can. */
function phoneProblem(phone: string): string | undefined {
  if (!LANDLINE.test(phone) && !SERVICE_NUMBER.test(phone)) return 'a landline with its area code (0531-85196114) or a 400/800 number';
  // Public pages mask anything that reads as a mobile or an ID: a contact the masker would rewrite cannot be shown.
  if (maskSensitiveText(phone) !== phone) return 'reads as a mobile or ID number, which public pages mask';
  return undefined;
}

/**
 * The identity from its configured fields, or every field's problem. Name, masthead, address and phone are
 * required; the website, when given, is an https URL.
 */
export function publisherIdentity(fields: Partial<Record<PublisherField, string>>): PublisherIdentity | { problems: Partial<Record<PublisherField, string>> } {
  const problems: Partial<Record<PublisherField, string>> = {};
  const value = (field: PublisherField) => cleaned(field, fields[field] ?? '');
  for (const field of ['name', 'masthead', 'address', 'phone'] as const) {
    const text = value(field);
    if (text === '') problems[field] = 'is required';
    else if (text.length > MAX_TEXT || /\p{Cc}/u.test(text)) problems[field] = `is at most ${MAX_TEXT} characters on one line`;
  }
  const phone = value('phone');
  const badPhone = phone === '' ? undefined : phoneProblem(phone);
  if (badPhone) problems.phone = badPhone;
  const website = value('website');
  if (website !== '' && !/^https:\/\/[^\s/]+\.[^\s/]+(?:\/\S*)?$/.test(website)) problems.website = 'is an https:// URL';
  if (Object.keys(problems).length > 0) return { problems };
  return { name: value('name'), masthead: value('masthead'), address: value('address'), phone, ...(website ? { website } : {}) };
}

/** The title as text quotes it: 《东岳晚报》. */
export function quotedMasthead(identity: PublisherIdentity): string {
  return `《${identity.masthead}》`;
}
