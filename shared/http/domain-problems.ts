import {
  AccessDenied,
  AlreadySettled,
  PaymentRequired,
  DeclarationNotFound,
  EditionAlreadyExists,
  EditionClosed,
  EditionEmpty,
  EditionNotDue,
  EditionNotDeletable,
  EditionNotFound,
  GoneToPrint,
  NotInEdition,
  NoticeNotFound,
  PlacementRefused,
  DuplicateDeclaration,
  IdempotencyKeyReused,
  InvalidInput,
  StaleVersion,
  WrongState,
} from '../domain/errors.js';
import { BundleAlreadyDecided, BundleInflatesTooLarge, BundleInProgress, BundleNotFound, BundleTooLarge, InvalidBundle, MAX_BUNDLE_ROWS } from '../domain/bundle.js';
import { shanghaiTime } from '../domain/editions.js';
import { InvalidCursor } from '../store/declaration-store.js';
import type { Locale } from './locale.js';
import { HttpProblem, validationProblem } from './problem.js';

type Text = Record<Locale, [title: string, detail: string]>;

const TEXT = {
  notFound: { 'zh-CN': ['未找到', '没有这份声明。'], en: ['Not found', 'There is no such declaration.'] },
  accessDenied: {
    'zh-CN': ['无权访问', '回执码与这份声明不符。'],
    en: ['Access denied', 'This receipt does not belong to this declaration.'],
  },
  stale: {
    'zh-CN': ['内容已被修改', '这份声明已被更新，请刷新后再操作。'],
    en: ['Stale version', 'The declaration has changed since you loaded it; reload and try again.'],
  },
  wrongState: {
    'zh-CN': ['当前状态不允许此操作', '这份声明目前的状态不允许此操作。'],
    en: ['Not allowed in this state', 'The declaration is in a state that does not allow this.'],
  },
  duplicate: {
    'zh-CN': ['已有相同声明', '这份证件已有一份声明正在办理，不能重复提交。提交者可凭当时收到的回执码在“查询声明”中跟进、修改或撤回。'],
    en: [
      'Duplicate declaration',
      'A declaration for this document is already being handled. Whoever filed it can follow, edit or withdraw it with the receipt they were given.',
    ],
  },
  editionNotFound: { 'zh-CN': ['未找到', '没有这一天的版面。'], en: ['Not found', 'There is no edition for that date.'] },
  noticeNotFound: { 'zh-CN': ['未找到', '没有这个编号的已刊登声明。'], en: ['Not found', 'There is no published notice with that number.'] },
  editionClosed: {
    'zh-CN': ['版面已截稿', '这一天的版面已过截稿时间或正在发布，不能再排入声明。'],
    en: ['Edition closed', 'That edition is past its cut-off or being published; it takes no more notices.'],
  },
  editionNotDue: {
    'zh-CN': ['尚未到刊登日期', '版面只能在其刊登日期（北京时间）当天或之后发布，否则公告的刊登日期将不属实。'],
    en: ['Not yet its date', 'An edition can be published on its date (Asia/Shanghai) or later, never before: its notices would carry a false date.'],
  },
  editionEmpty: {
    'zh-CN': ['版面没有声明', '这一天的版面还没有排入任何声明，不能发布。'],
    en: ['Edition is empty', 'No notices have been placed in that edition; there is nothing to publish.'],
  },
  notInEdition: { 'zh-CN': ['未找到', '这一天的版面里没有这份声明。'], en: ['Not found', 'That edition holds no notice of this declaration.'] },
  editionExists: { 'zh-CN': ['版面已存在', '这一天的版面已经建立。'], en: ['Edition exists', 'An edition for that date already exists.'] },
  editionNotEmpty: {
    'zh-CN': ['版面不能删除', '这一天的版面已排入声明，不能删除。'],
    en: ['Edition cannot be deleted', 'That edition has notices placed in it; it cannot be deleted.'],
  },
  editionPublished: {
    'zh-CN': ['版面不能删除', '这一天的版面正在发布或已经发布，不能删除。'],
    en: ['Edition cannot be deleted', 'That edition is being published or is published; it cannot be deleted.'],
  },
  placementRefused: {
    'zh-CN': ['当前状态不允许排版', '只有已通过审核的声明可以排入版面；errors 列出了不能排入的每一份。没有排入任何声明。'],
    en: ['Not allowed in this state', 'Only approved declarations can be placed; errors names each one that cannot. Nothing was placed.'],
  },
  invalidCursor: {
    'zh-CN': ['分页游标无效', 'cursor 不是本列表给出的游标，请从第一页重新开始。'],
    en: ['Invalid cursor', 'The cursor was not issued by this list; start again from the first page.'],
  },
  paymentRequired: {
    'zh-CN': ['尚未付费', '以下声明尚未付费（或付款后改长了、尚欠差额），也未获编辑免费，不能排入版面：请先登记付款或补缴的差额。没有排入任何声明。'],
    en: ['Payment required', 'These declarations are neither paid (or were made longer after payment and owe the difference) nor waived by an editor, so they cannot be placed; record the payment or the difference first. Nothing was placed.'],
  },
  alreadySettled: {
    'zh-CN': ['已登记', '这份声明的刊登费已登记为已付或已免，不能重复登记。'],
    en: ['Already settled', "This declaration's fee is already recorded as paid or waived; it is not recorded twice."],
  },
  idempotencyReused: {
    'zh-CN': ['幂等键已被使用', '这个 Idempotency-Key 已用于另一份内容不同的提交。'],
    en: ['Idempotency key reused', 'This Idempotency-Key was already used with a different body.'],
  },
  bundleInProgress: {
    'zh-CN': ['正在办理', '这批声明（同一 Idempotency-Key）仍在提交中，请稍后重试。'],
    en: ['In progress', 'This bundle (same Idempotency-Key) is still being filed; retry shortly.'],
  },
  bundleNotFound: { 'zh-CN': ['未找到', '没有这批声明。'], en: ['Not found', 'There is no such bundle.'] },
  bundleDecided: {
    'zh-CN': ['这批声明已另有决定', '这批声明已被作出另一决定；如需不同处理，请逐份审核。'],
    en: ['Bundle decided otherwise', 'This bundle was already decided otherwise; review its declarations one by one instead.'],
  },
  bundleTooLarge: {
    'zh-CN': ['行数过多', `一批最多 ${MAX_BUNDLE_ROWS} 份声明，请分批提交。`],
    en: ['Too many rows', `A bundle holds at most ${MAX_BUNDLE_ROWS} declarations; split it.`],
  },
  bundleInflatesTooLarge: {
    'zh-CN': ['工作簿过大', '这个 XLSX 解压后过大，超出一批声明所需；请只保留一个工作表中的声明后重新保存。'],
    en: ['Workbook too large', 'This XLSX inflates to far more than a bundle needs; keep only the declarations on one sheet and save it again.'],
  },
} satisfies Record<string, Text>;

const GONE_TO_PRINT_TEXT: Record<Locale, { title: string; printed: (date: string | undefined) => string; published: string }> = {
  'zh-CN': {
    title: '版面已付印',
    printed: (date) => `这份声明所在的${date ? ` ${date} ` : ''}版面已过截稿时间，已交付印刷，声明不能再撤回或撤下。`,
    published: '这份声明已经刊登，版面早已付印。已刊登的声明不会再更改，如有错误只能另登更正声明。',
  },
  en: {
    title: 'Gone to print',
    printed: (date) => `The page it is on${date ? ` (the edition of ${date})` : ''} is past its cut-off and has gone to print: the notice can no longer be withdrawn or taken out.`,
    published: 'The notice is published: its page went to print, and a published notice never changes. A mistake needs a correction notice.',
  },
};

function goneToPrintProblem(error: GoneToPrint, locale: Locale): HttpProblem {
  const text = GONE_TO_PRINT_TEXT[locale];
  return new HttpProblem(409, 'gone-to-print', text.title, error.published ? text.published : text.printed(error.date), {
    published: error.published,
    ...(error.date ? { date: error.date } : {}),
  });
}

const BUNDLE_TEXT: Record<Locale, { title: string; detail: (problems: number, rows: number) => string }> = {
  'zh-CN': { title: '批量提交的内容有误', detail: (problems, rows) => `${rows} 行共有 ${problems} 处需要修改，全部更正后重新提交；本次没有保存任何声明。` },
  en: { title: 'The bundle has invalid rows', detail: (problems, rows) => `${problems} problem(s) in ${rows} row(s); correct them all and submit again. Nothing was filed.` },
};

/** Every bad row and field of a bundle: `row` as the filer sees it (0: the file as a whole), `field` the body's path. */
function bundleProblem(error: InvalidBundle, locale: Locale): HttpProblem {
  const text = BUNDLE_TEXT[locale];
  const rows = new Set(error.errors.map((problem) => problem.row)).size;
  return new HttpProblem(400, 'validation-error', text.title, text.detail(error.errors.length, rows), {
    errors: error.errors.map(({ row, field, message }) => ({
      path: row === 0 ? field : `rows[${row}]${field ? `.${field}` : ''}`,
      row,
      field,
      message: message[locale],
    })),
  });
}

const PLACEMENT_REFUSAL: Record<Locale, (index: number, id: string, status: string) => string> = {
  'zh-CN': (index, id, status) => `ids[${index}]（${id}）目前的状态为 ${status}，不能排入版面。`,
  en: (index, id, status) => `ids[${index}] (${id}) is ${status}; it cannot be placed.`,
};

/** A placement refused as a whole (409 wrong-state, as for one declaration): each refused id at its place in `ids`. */
function placementRefusedProblem(error: PlacementRefused, locale: Locale): HttpProblem {
  return problem(409, 'wrong-state', TEXT.placementRefused, locale, {
    action: 'schedule',
    ids: error.refusals.map(({ id }) => id),
    errors: error.refusals.map(({ index, id, status }) => ({ path: `ids[${index}]`, id, currentStatus: status, message: PLACEMENT_REFUSAL[locale](index, id, status) })),
  });
}

function problem(status: number, slug: string, text: Text, locale: Locale, extensions: Record<string, unknown> = {}): HttpProblem {
  const [title, detail] = text[locale];
  return new HttpProblem(status, slug, title, detail, extensions);
}

/** The one mapping from domain (and paging) failures to problem+json responses; undefined for anything else. */
export function domainProblem(error: Error, locale: Locale): HttpProblem | undefined {
  if (error instanceof InvalidInput) return validationProblem(error.errors, locale);
  if (error instanceof DeclarationNotFound) return problem(404, 'not-found', TEXT.notFound, locale);
  if (error instanceof AccessDenied) return problem(403, 'access-denied', TEXT.accessDenied, locale);
  if (error instanceof StaleVersion) {
    return problem(409, 'stale-version', TEXT.stale, locale, { currentVersion: error.currentVersion, ...(error.placed.length > 0 ? { placed: error.placed } : {}) });
  }
  if (error instanceof WrongState) {
    return problem(409, 'wrong-state', TEXT.wrongState, locale, { currentStatus: error.status, action: error.action });
  }
  if (error instanceof DuplicateDeclaration) {
    // Nothing about the existing declaration (not its id): the 409 must not help anyone probe numbers.
    return problem(409, 'duplicate-declaration', TEXT.duplicate, locale);
  }
  if (error instanceof EditionNotFound) return problem(404, 'edition-not-found', TEXT.editionNotFound, locale);
  if (error instanceof NoticeNotFound) return problem(404, 'notice-not-found', TEXT.noticeNotFound, locale, { noticeNo: error.noticeNo });
  if (error instanceof EditionClosed) return problem(409, 'edition-closed', TEXT.editionClosed, locale, { date: error.date });
  if (error instanceof EditionNotDue) {
    return problem(409, 'edition-not-due', TEXT.editionNotDue, locale, { date: error.date, today: error.today, publishableFrom: shanghaiTime(error.date, 0) });
  }
  if (error instanceof GoneToPrint) return goneToPrintProblem(error, locale);
  if (error instanceof NotInEdition) return problem(404, 'not-in-edition', TEXT.notInEdition, locale, { date: error.date });
  if (error instanceof EditionEmpty) return problem(409, 'edition-empty', TEXT.editionEmpty, locale, { date: error.date });
  if (error instanceof EditionAlreadyExists) return problem(409, 'edition-exists', TEXT.editionExists, locale);
  if (error instanceof EditionNotDeletable) {
    return problem(409, 'edition-not-deletable', error.reason === 'not_empty' ? TEXT.editionNotEmpty : TEXT.editionPublished, locale, { date: error.date });
  }
  if (error instanceof PlacementRefused) return placementRefusedProblem(error, locale);
  if (error instanceof PaymentRequired) return problem(409, 'payment-required', TEXT.paymentRequired, locale, { ids: error.ids });
  if (error instanceof AlreadySettled) return problem(409, 'already-settled', TEXT.alreadySettled, locale, { settlement: error.settlement });
  if (error instanceof InvalidCursor) return problem(400, 'invalid-cursor', TEXT.invalidCursor, locale);
  if (error instanceof InvalidBundle) return bundleProblem(error, locale);
  if (error instanceof BundleInflatesTooLarge) return problem(413, 'bundle-too-large', TEXT.bundleInflatesTooLarge, locale, { maxInflatedBytes: error.limitBytes });
  if (error instanceof BundleTooLarge) return problem(413, 'bundle-too-large', TEXT.bundleTooLarge, locale, { rows: error.rows, maxRows: MAX_BUNDLE_ROWS });
  if (error instanceof BundleNotFound) return problem(404, 'not-found', TEXT.bundleNotFound, locale);
  if (error instanceof BundleAlreadyDecided) return problem(409, 'bundle-decided', TEXT.bundleDecided, locale, { action: error.action });
  if (error instanceof BundleInProgress) {
    const [title, detail] = TEXT.bundleInProgress[locale];
    return new HttpProblem(409, 'bundle-in-progress', title, detail, {}, { 'retry-after': String(error.retryAfterSeconds) });
  }
  if (error instanceof IdempotencyKeyReused) return problem(422, 'idempotency-key-reused', TEXT.idempotencyReused, locale);
  return undefined;
}
