/**
 * What the filer is told at each status change, by SMS to the contact phone and, when given, by e-mail. Each
 * message is an outbox message (outbox.ts) written in the transaction of the change itself.
 *
 * A message never carries a full ID or phone number (everything is passed through the masker) nor the receipt:
 * an SMS can be read over a shoulder or by whoever holds the phone next, so it says what happened and where to
 * look, and the filer opens the declaration with the receipt they kept.
 */
import { documentTypeByCode } from './catalogue.js';
import { chineseDate } from './dates.js';
import type { DeclarationInput } from './declaration.js';
import { MOBILE_SHAPE } from './identifiers.js';
import { maskSensitiveText } from './mask.js';
import type { OutboxMessage } from './outbox.js';

export type StatusEvent =
  | { readonly kind: 'changes_requested'; readonly reason: string }
  | { readonly kind: 'approved' }
  | { readonly kind: 'scheduled'; readonly dates: readonly string[] }
  /** An editor took it out of the edition of `date`; `remaining` are the editions of its run it is still in. */
  | { readonly kind: 'unscheduled'; readonly date: string; readonly remaining: readonly string[] }
  | { readonly kind: 'published'; readonly noticeNo: string; readonly publishedOn: string }
  | { readonly kind: 'rejected'; readonly reason: string };

export interface NotifiedDeclaration {
  readonly id: string;
  /** The version the change produced: with the channel it makes the message id, so one change sends once. */
  readonly version: number;
  readonly declaration: DeclarationInput;
}

const SIGNATURE = '【声明登记】';
/** A moderator's reason is quoted in full by e-mail; an SMS keeps to a few lines. */
const SMS_REASON_LENGTH = 70;

function subjectOf(declaration: DeclarationInput): { zh: string; en: string } {
  const type = documentTypeByCode(declaration.document.type);
  const label = declaration.document.label ?? type?.label['zh-CN'] ?? declaration.document.type;
  const labelEn = declaration.document.label ?? type?.label.en ?? declaration.document.type;
  const kind = declaration.kind === 'loss' ? { zh: '遗失', en: 'loss' } : { zh: '作废', en: 'void' };
  return {
    zh: `“${declaration.declarant.name}${kind.zh}${label}”的声明`,
    en: `your ${kind.en} declaration for the ${labelEn} of ${declaration.declarant.name}`,
  };
}

const shorten = (text: string, length: number) => ([...text].length > length ? `${[...text].slice(0, length - 1).join('')}…` : text);
const datesZh = (dates: readonly string[]) => dates.map(chineseDate).join('、');

interface Wording {
  readonly title: { zh: string; en: string };
  readonly sms: string;
  readonly zh: string;
  readonly en: string;
}

function wordingFor(declaration: DeclarationInput, event: StatusEvent): Wording {
  const subject = subjectOf(declaration);
  switch (event.kind) {
    case 'changes_requested':
      return {
        title: { zh: '需要修改', en: 'Changes requested' },
        sms: `您提交的${subject.zh}需要修改：${shorten(event.reason, SMS_REASON_LENGTH)}。请用回执码打开“跟进声明”页修改后重新提交。`,
        zh: `您提交的${subject.zh}需要修改。审核意见：${event.reason}\n请用您保存的回执码打开“跟进声明”页，按意见修改（可补传材料）后重新提交。`,
        en: `Changes were requested to ${subject.en}. The moderator wrote: ${event.reason}\nOpen "Follow your declaration" with the receipt code you kept, make the changes (you can add files) and submit again.`,
      };
    case 'approved':
      return {
        title: { zh: '已通过审核', en: 'Approved' },
        sms: `您提交的${subject.zh}已通过审核，将安排见报，见报日期确定后另行通知。`,
        zh: `您提交的${subject.zh}已通过审核，将安排见报。见报日期确定后我们会再通知您。`,
        en: `${subject.en} has been approved and will be placed in an edition; we will tell you the date.`,
      };
    case 'scheduled':
      return {
        title: { zh: '已安排见报', en: 'Scheduled' },
        sms: `您提交的${subject.zh}已安排在${datesZh(event.dates)}见报。`,
        zh: `您提交的${subject.zh}已安排在${datesZh(event.dates)}见报。`,
        en: `${subject.en} is scheduled for the edition of ${event.dates.join(', ')}.`,
      };
    case 'unscheduled':
      return event.remaining.length > 0
        ? {
            title: { zh: '见报日期有变', en: 'Edition changed' },
            sms: `您提交的${subject.zh}已从${chineseDate(event.date)}的版面撤下，仍将于${datesZh(event.remaining)}见报。`,
            zh: `您提交的${subject.zh}已从${chineseDate(event.date)}的版面撤下，仍将于${datesZh(event.remaining)}见报。`,
            en: `${subject.en} was taken out of the edition of ${event.date}; it is still scheduled for the edition of ${event.remaining.join(', ')}.`,
          }
        : {
            title: { zh: '已撤出版面', en: 'Taken out of the edition' },
            sms: `您提交的${subject.zh}已从${chineseDate(event.date)}的版面撤下，暂不见报，见报日期重新确定后另行通知。`,
            zh: `您提交的${subject.zh}已从${chineseDate(event.date)}的版面撤下，暂不见报。报社将重新安排见报，见报日期确定后我们会再通知您。`,
            en: `${subject.en} was taken out of the edition of ${event.date} and will not be printed then. It will be placed in another edition; we will tell you the date.`,
          };
    case 'published':
      return {
        title: { zh: '已刊登', en: 'Published' },
        sms: `您提交的${subject.zh}已于${chineseDate(event.publishedOn)}刊登，公告编号${event.noticeNo}。可在“公告”页查看并打印登报证明。`,
        zh: `您提交的${subject.zh}已于${chineseDate(event.publishedOn)}刊登，公告编号 ${event.noticeNo}。\n可在“公告”页按编号查看公告，并打印登报证明。`,
        en: `${subject.en} was published on ${event.publishedOn} as notice ${event.noticeNo}. Look it up by number on the notices page to print the proof of publication.`,
      };
    case 'rejected':
      return {
        title: { zh: '未通过审核', en: 'Rejected' },
        sms: `很抱歉，您提交的${subject.zh}未通过审核：${shorten(event.reason, SMS_REASON_LENGTH)}。`,
        zh: `很抱歉，您提交的${subject.zh}未通过审核。审核意见：${event.reason}`,
        en: `We are sorry: ${subject.en} was not accepted. The moderator wrote: ${event.reason}`,
      };
  }
}

/** How a filer hears of each status change: an SMS to a mobile (an organisation's landline cannot take one), an e-mail when an address was given. */
export interface NotificationChannels {
  readonly sms: boolean;
  readonly email: boolean;
}

export function notificationChannels(contact: { readonly phone: string; readonly email?: string | undefined }): NotificationChannels {
  return { sms: MOBILE_SHAPE.test(contact.phone), email: Boolean(contact.email) };
}

/** The SMS and the e-mail (as `notificationChannels` says) for one status change of one declaration. */
export function statusMessages(notified: NotifiedDeclaration, event: StatusEvent): OutboxMessage[] {
  const wording = wordingFor(notified.declaration, event);
  const idFor = (channel: string) => `${notified.id}:v${notified.version}:${event.kind}:${channel}`;
  const { phone, email } = notified.declaration.contact;
  const channels = notificationChannels(notified.declaration.contact);
  const messages: OutboxMessage[] = channels.sms
    ? [{ id: idFor('sms'), channel: 'sms', recipient: phone, body: { text: maskSensitiveText(`${SIGNATURE}${wording.sms}`) } }]
    : [];
  if (email) {
    messages.push({
      id: idFor('email'),
      channel: 'email',
      recipient: email,
      body: {
        subject: maskSensitiveText(`声明登记：${wording.title.zh} / ${wording.title.en}`),
        text: maskSensitiveText(`${wording.zh}\n\n${wording.en}\n\n—— 声明登记 (shengming)。本邮件由系统发送，请勿直接回复。`),
      },
    });
  }
  return messages;
}
