import {
  DEFAULT_CUTOFF_HOUR,
  DEFAULT_PUBLISH_HOUR,
  addDays,
  editionDateError,
  editionState,
  noticeNumber,
  shanghaiDate,
  shanghaiTime,
} from '../domain/editions.js';
import { randomUUID } from 'node:crypto';
import { renderCorrectionNotice } from '../domain/index.js';
import {
  DeclarationNotFound,
  EditionAlreadyExists,
  EditionClosed,
  EditionEmpty,
  EditionNotDeletable,
  EditionNotDue,
  EditionNotFound,
  InvalidInput,
  NoticeNotFound,
  PlacementRefused,
  StaleVersion,
  WrongState,
} from '../domain/errors.js';
import { nextStatus, type DeclarationStatus } from '../domain/lifecycle.js';
import { CLASSIFIED_PAGE, SECTIONS, layOutPage, lineCount, sectionOf, type NoticePosition, type Section } from '../domain/page-layout.js';
import type { StoreContext } from '../store/client.js';
import { getDeclaration, getDeclarations, type StoredDeclaration } from '../store/declaration-store.js';
import {
  EditionExists,
  completeEdition,
  createEdition,
  deleteEmptyEdition,
  getEdition,
  listDueEditions,
  moveEdition,
  placeCorrection,
  placeDeclarations,
  publishPlacement,
  publishedIssueCount,
  readEditionWithPlacements,
  recordPublishedDate,
  type CorrectedNotice,
  type CorrectionPlacement,
  type DeclarationPlacement,
  type Edition,
  type Placement,
} from '../store/edition-store.js';
import { getPublicNotice } from '../store/public-store.js';
import { backOffAfterConflict } from '../store/transact.js';
import { correctsCertificateNumber } from '../domain/corrections.js';
import { lookupNumber } from './verification.js';
import type { LookupHasher } from './lookup-key.js';
import { notificationItems } from './notifications.js';
import { requireSettled } from './payments.js';
import type { PublicationHook, PublicationHookFactory } from './publication-hooks.js';
import { purgeTime } from './retention.js';

export interface PublicationContext {
  readonly store: StoreContext;
  readonly now: () => Date;
  /** Resolved lazily: in AWS the key comes from Secrets Manager on first use. */
  readonly lookupHasher: () => Promise<LookupHasher>;
  /** What else each notice's publication transaction writes (the transparency log, …): one hook per run each. */
  readonly hooks?: readonly PublicationHookFactory[];
}

/**
 * Opens the edition of `date` (cut-off 15:00 the day before, published from 06:00 on the day), from today to
 * MAX_EDITION_DAYS_AHEAD days ahead.
 */
export async function openEdition(context: PublicationContext, date: string, actor: string): Promise<Edition> {
  const outOfWindow = editionDateError(date, context.now());
  if (outOfWindow) throw new InvalidInput([outOfWindow]);
  const edition: Edition = {
    date,
    status: 'open',
    cutoffAt: shanghaiTime(date, DEFAULT_CUTOFF_HOUR, -1),
    publishAt: shanghaiTime(date, DEFAULT_PUBLISH_HOUR),
    createdAt: context.now().toISOString(),
    createdBy: actor,
  };
  try {
    await createEdition(context.store, edition);
  } catch (error) {
    if (error instanceof EditionExists) throw new EditionAlreadyExists();
    throw error;
  }
  return edition;
}

/** Deletes an edition opened by mistake: only while it has no notices and is not being published or published. */
export async function deleteEdition(context: Pick<PublicationContext, 'store'>, date: string): Promise<void> {
  const outcome = await deleteEmptyEdition(context.store, date);
  if (outcome === 'not_found') throw new EditionNotFound(`no edition for ${date}`);
  if (outcome === 'not_empty') throw new EditionNotDeletable(date, 'not_empty');
  if (outcome === 'not_open') throw new EditionNotDeletable(date, 'published');
}

/**
 * Places approved declarations into the edition of `date` and, with `days` > 1, the following days' editions
 * too (seal notices are often run three times); an id given twice is placed once. Editions must exist, be open
 * and not past their cut-off, and every declaration exist, be paid or waived, and be approved: all are checked
 * first, and one refused refuses the request with nothing placed. They are then placed in as few transactions as
 * hold them (one for about 24 declarations in one edition), each whole: someone else changing one of them in between
 * refuses its part and the rest (StaleVersion, naming those `placed` by the parts before), so two editors placing
 * the same declarations at once never split a part between two editions.
 */
export async function placeInEditions(
  context: PublicationContext,
  date: string,
  ids: readonly string[],
  days: number,
  actor: string,
): Promise<{ placed: string[] }> {
  const dates = Array.from({ length: days }, (_, offset) => addDays(date, offset));
  const now = context.now();
  for (const editionDate of dates) {
    const edition = await getEdition(context.store, editionDate);
    if (!edition) throw new EditionNotFound(`no edition for ${editionDate}`);
    if (editionState(edition, now) !== 'open') throw new EditionClosed(editionDate);
  }
  // All or nothing: one unknown, unpaid or unapproved declaration refuses the whole request before anything is placed.
  await requireSettled(context.store, ids);
  const declarations = await getDeclarations(context.store, ids);
  const schedulable: { declaration: StoredDeclaration; status: DeclarationStatus }[] = [];
  const refusals: PlacementRefused['refusals'][number][] = [];
  // An id given twice is placed once; a refusal names where it was first given.
  ids.forEach((id, index) => {
    if (ids.indexOf(id) !== index) return;
    const declaration = declarations.get(id);
    if (!declaration) throw new DeclarationNotFound(`no declaration ${id}`);
    const status = nextStatus(declaration.status, 'schedule');
    if (status) schedulable.push({ declaration, status });
    else refusals.push({ index, id, status: declaration.status });
  });
  if (refusals.length > 0) throw new PlacementRefused(refusals);
  const at = now.toISOString();
  const placements = schedulable.map(({ declaration, status }): DeclarationPlacement => {
    const scheduled: StoredDeclaration = { ...declaration, status, version: declaration.version + 1, updatedAt: at };
    return {
      declaration,
      scheduled,
      audit: { at, actor, action: 'schedule', reason: dates.join(', ') },
      additions: notificationItems(context.store, scheduled, { kind: 'scheduled', dates }, now),
    };
  });
  const placed: string[] = [];
  // How many one transaction holds, once a part has been found too large; until then, all that is left.
  let fits = placements.length;
  for (let pending = placements; pending.length > 0; ) {
    let part = pending.slice(0, fits);
    let outcome = await placeDeclarations(context.store, part, dates, at);
    if (outcome.kind === 'too_many') {
      fits = Math.max(1, outcome.fits);
      part = pending.slice(0, fits);
      outcome = await placeDeclarations(context.store, part, dates, at);
    }
    if (outcome.kind === 'edition_closed') throw new EditionClosed(date);
    if (outcome.kind === 'not_approved' || outcome.kind === 'too_many') {
      const [first] = outcome.kind === 'not_approved' ? outcome.ids : [];
      const current = first === undefined ? undefined : await getDeclaration(context.store, first);
      throw new StaleVersion(current?.version ?? 0, placed);
    }
    placed.push(...part.map(({ declaration }) => declaration.id));
    pending = pending.slice(part.length);
  }
  return { placed };
}

/** A placement as the edition sets it: its section, text and, in print order, its number and page position. */
export interface SetNotice {
  readonly placement: Placement;
  readonly declaration: StoredDeclaration | undefined;
  readonly section: Section;
  readonly kind: 'loss' | 'void';
  readonly documentType: string;
  readonly text: string;
  /** The number publication gives (or gave) it. */
  readonly noticeNo: string;
  /** Where it is set: as stored at publication, else as publication will set it. */
  readonly position: NoticePosition;
}

/**
 * The edition set for print: notices grouped by section (遗失, 作废, 更正), within a section in the order they
 * were placed (then by id); that order gives each its number, and the page layout its position. Frozen
 * placements and unchanging declarations give the same numbers and positions on every run.
 */
function setEdition(date: string, placements: readonly Placement[], declarations: ReadonlyMap<string, StoredDeclaration>): SetNotice[] {
  const notices = placements.map((placement) => {
    const declaration = placement.correction ? undefined : declarations.get(placement.declarationId);
    const kind = placement.correction?.kind ?? declaration?.declaration.kind ?? 'loss';
    return {
      placement,
      declaration,
      section: sectionOf({ kind, correction: placement.correction !== undefined }),
      kind,
      documentType: placement.correction?.documentType ?? declaration?.declaration.document.type ?? '',
      text: placement.correction?.text ?? declaration?.text ?? '',
    };
  });
  notices.sort(
    (a, b) =>
      SECTIONS.indexOf(a.section) - SECTIONS.indexOf(b.section) ||
      a.placement.placedAt.localeCompare(b.placement.placedAt) ||
      a.placement.declarationId.localeCompare(b.placement.declarationId),
  );
  const numbered = notices.map((notice, index) => ({ ...notice, noticeNo: notice.placement.noticeNo ?? noticeNumber(date, index + 1) }));
  const positions = layOutPage(
    numbered.map((notice) => ({ section: notice.section, lines: lineCount(`${notice.noticeNo} ${notice.text}`, CLASSIFIED_PAGE.charsPerLine) })),
    CLASSIFIED_PAGE,
  );
  return numbered.map((notice, index) => ({ ...notice, position: notice.placement.position ?? positions[index] ?? { page: 1, column: 1, order: index + 1 } }));
}

/** The edition's placements and their declarations (corrections carry their own text), read in batches. */
async function readSetEdition(store: StoreContext, date: string): Promise<{ edition: Edition | undefined; notices: SetNotice[] }> {
  const { edition, placements } = await readEditionWithPlacements(store, date);
  const declarations = await getDeclarations(
    store,
    placements.flatMap((placement) => (placement.correction ? [] : [placement.declarationId])),
  );
  return { edition, notices: setEdition(date, placements, declarations) };
}

export interface PublishResult {
  readonly date: string;
  readonly status: 'published';
  readonly noticeCount: number;
  /** Notices this run published (0 when another run had already done it). */
  readonly publishedNow: number;
}

/**
 * Publishes every notice of an edition. The edition is first frozen (`publishing`: no more placements), so
 * the print order and thus each notice number is fixed; each notice is then published in its own transaction.
 * A crash leaves every notice published or not, never half; running again finishes the rest with the same
 * numbers, and a finished edition is left as it is. Two publishers at once cannot publish a notice twice.
 * An edition is refused before its date and when empty. A notice's `publishedOn` is the day (Asia/Shanghai) it
 * became public, so never earlier than that; `editionDate` is the edition it was printed in (later only when an
 * edition is published late).
 */
export async function publishEdition(context: PublicationContext, date: string, actor: string): Promise<PublishResult> {
  const { edition, placements: placed } = await readEditionWithPlacements(context.store, date);
  if (!edition) throw new EditionNotFound(`no edition for ${date}`);
  if (edition.status !== 'published') {
    const today = shanghaiDate(context.now());
    if (today < date) throw new EditionNotDue(date, today);
    if (placed.length === 0) throw new EditionEmpty(date);
  }
  if (edition.status === 'open') await moveEdition(context.store, edition, 'open', { ...edition, status: 'publishing' });
  // Read in batches up front (one round trip per hundred, not one per notice); a declaration that changes after
  // this read fails its transaction's condition and is read again.
  const { edition: frozen, notices } = await readSetEdition(context.store, date);
  if (!frozen) throw new EditionNotFound(`no edition for ${date}`);
  const hooks = (context.hooks ?? []).map((makeHook) => makeHook());
  const finish = async () => {
    for (const hook of hooks) await hook.finished?.();
  };
  if (frozen.status === 'published') {
    await finish();
    return { date, status: 'published', noticeCount: notices.length, publishedNow: 0 };
  }

  const hash = await context.lookupHasher();
  let publishedNow = 0;
  for (const notice of notices) {
    if (notice.placement.publishedAt) continue;
    if (await publishOne(context, hooks, notice, hash, actor)) publishedNow += 1;
  }
  // The days these notices became public (one, unless a run went past midnight), each listed with its count.
  const { placements: published } = await readEditionWithPlacements(context.store, date);
  const days = new Set(published.flatMap((placement) => (placement.publishedAt ? [shanghaiDate(new Date(placement.publishedAt))] : [])));
  for (const day of days) await recordPublishedDate(context.store, day);
  // Before the edition is marked published, so a run that dies here is finished by the next one.
  await finish();
  // Its issue number is given here, with the count of published editions, and never changes after.
  await completeEdition(context.store, { ...frozen, status: 'published', publishedAt: context.now().toISOString(), noticeCount: notices.length });
  return { date, status: 'published', noticeCount: notices.length, publishedNow };
}

const MAX_PUBLISH_ATTEMPTS = 3;
/**
 * Another publisher appending at the same moment makes a hook's condition fail (each such failure is another
 * notice made public); each retry reads afresh after a jittered wait, so editions published at once all finish.
 */
const MAX_HOOK_ATTEMPTS = 40;

type Publication = Parameters<typeof publishPlacement>[1];

/** Publishes with every hook's items in the same transaction, retrying from fresh hook state when one conflicts. */
async function publishWithHooks(context: PublicationContext, hooks: readonly PublicationHook[], publication: Publication) {
  for (let attempt = 0; attempt < MAX_HOOK_ATTEMPTS; attempt += 1) {
    let notice = publication.notice;
    const items = [];
    for (const hook of hooks) {
      const prepared = await hook.prepare(notice, publication.published, publication.numberHash);
      notice = prepared.notice;
      items.push(...prepared.items);
    }
    const outcome = await publishPlacement(context.store, { ...publication, notice }, items);
    if (outcome === 'published') for (const hook of hooks) hook.committed();
    if (outcome !== 'addition_failed') return outcome;
    for (const hook of hooks) hook.conflicted();
    await backOffAfterConflict(attempt);
  }
  throw new WrongState('scheduled', 'publish');
}

/** Publishes one placement with its number and position; true when this call published it. */
async function publishOne(context: PublicationContext, hooks: readonly PublicationHook[], notice: SetNotice, hash: LookupHasher, actor: string): Promise<boolean> {
  const { placement, noticeNo, position } = notice;
  const { correction } = placement;
  if (correction) {
    const at = context.now().toISOString();
    const outcome = await publishWithHooks(context, hooks, {
      placement,
      declaration: undefined,
      published: undefined,
      notice: {
        noticeNo,
        kind: correction.kind,
        documentType: correction.documentType,
        publishedOn: shanghaiDate(new Date(at)),
        editionDate: placement.date,
        position,
        text: correction.text,
        correctsNoticeNo: correction.correctsNoticeNo,
      },
      numberHash: correction.numberHash,
      correcting: await correctedNotice(context, correction),
      publishedAt: at,
      audit: { at, actor, action: 'publish_correction', reason: `${noticeNo} → ${correction.correctsNoticeNo}` },
    });
    return outcome === 'published';
  }
  for (let attempt = 0; attempt < MAX_PUBLISH_ATTEMPTS; attempt += 1) {
    const declaration = attempt === 0 && notice.declaration ? notice.declaration : await getDeclaration(context.store, placement.declarationId);
    if (!declaration) throw new DeclarationNotFound(`placed declaration ${placement.declarationId} is missing`);
    const at = context.now().toISOString();
    // The first edition of a run publishes the declaration; later editions of the run reprint it.
    const published: StoredDeclaration | undefined =
      declaration.status === 'scheduled'
        ? { ...declaration, status: 'published', version: declaration.version + 1, updatedAt: at, purgeAt: purgeTime(context.now()) }
        : undefined;
    const outcome = await publishWithHooks(context, hooks, {
      placement,
      declaration,
      published,
      notice: {
        noticeNo,
        kind: declaration.declaration.kind,
        documentType: declaration.declaration.document.type,
        publishedOn: shanghaiDate(new Date(at)),
        editionDate: placement.date,
        position,
        text: declaration.text,
      },
      numberHash: declaration.numberKey ? hash(declaration.numberKey) : undefined,
      publishedAt: at,
      audit: { at, actor, action: 'publish', reason: noticeNo },
    });
    if (outcome !== 'declaration_changed') return outcome === 'published';
  }
  throw new WrongState('scheduled', 'publish');
}

/** What the EventBridge schedule runs: every edition whose publication time has come. */
export async function publishDueEditions(context: PublicationContext): Promise<PublishResult[]> {
  const results: PublishResult[] = [];
  for (const date of await listDueEditions(context.store, context.now())) {
    try {
      results.push(await publishEdition(context, date, 'publisher'));
    } catch (error) {
      // An empty edition stays unpublished (an editor may still see it in the list); the others go ahead.
      if (!(error instanceof EditionEmpty)) throw error;
    }
  }
  return results;
}

export interface EditionLayout {
  readonly edition: Edition;
  /**
   * 第 N 期: its place among published editions, fixed when it was published; before publication the number it
   * would take if published now (`provisional`). Absent on an edition published before issue numbers were kept.
   */
  readonly issue?: { readonly number: number; readonly provisional: boolean };
  /** In print order; before publication the numbers and positions are the ones publication will give (`provisional`). */
  readonly notices: readonly {
    /** The declaration printed (for a correction, the one whose notice it corrects). */
    declarationId: string;
    /** On a correction: its own id, which takes it out of the edition before the cut-off. */
    correctionId?: string;
    noticeNo: string;
    text: string;
    kind: 'loss' | 'void';
    documentType: string;
    section: Section;
    position: NoticePosition;
    provisional: boolean;
  }[];
}

/** The edition's notices in print order, for the print page and the editor's preview. */
export async function editionLayout(context: Pick<PublicationContext, 'store'>, date: string): Promise<EditionLayout> {
  const [{ edition, notices }, published] = await Promise.all([readSetEdition(context.store, date), publishedIssueCount(context.store)]);
  if (!edition) throw new EditionNotFound(`no edition for ${date}`);
  const issue =
    edition.issueNo !== undefined
      ? { number: edition.issueNo, provisional: false }
      : edition.status === 'published'
        ? undefined
        : { number: published + 1, provisional: true };
  return {
    edition,
    ...(issue ? { issue } : {}),
    notices: notices.map(({ noticeNo, text, kind, documentType, section, position, placement }) => ({
      declarationId: placement.declarationId,
      ...(placement.correction ? { correctionId: placement.correction.id } : {}),
      noticeNo,
      text,
      kind,
      documentType,
      section,
      position,
      provisional: placement.noticeNo === undefined,
    })),
  };
}

/**
 * A correction of the certificate number makes the corrected number verifiable: its keyed hash (never the number,
 * which may be an ID) and the original's are kept on the placement. The corrected number is checked as a lookup
 * checks one; a correction that only respells the number (the same once normalized) changes no lookup.
 */
async function correctedNumberHashes(
  context: PublicationContext,
  declaration: StoredDeclaration,
  request: CorrectionRequest,
): Promise<{ numberHash?: string; originalNumberHash?: string }> {
  const original = { documentType: declaration.declaration.document.type, numberKey: declaration.numberKey };
  if (!correctsCertificateNumber(request, original)) return {};
  let corrected: string;
  try {
    corrected = lookupNumber(request.correct);
  } catch (error) {
    if (error instanceof InvalidInput) throw new InvalidInput(error.errors.map((failure) => ({ ...failure, path: 'correct' })));
    throw error;
  }
  if (corrected === declaration.numberKey) return {};
  const hash = await context.lookupHasher();
  return { numberHash: hash(corrected), ...(declaration.numberKey ? { originalNumberHash: hash(declaration.numberKey) } : {}) };
}

/** The notice a correction corrects, as published, for the links its publication writes. */
async function correctedNotice(context: PublicationContext, correction: CorrectionPlacement): Promise<CorrectedNotice> {
  const found = await getPublicNotice(context.store, correction.correctsNoticeNo);
  if (!found) throw new NoticeNotFound(correction.correctsNoticeNo);
  const { correctedBy: _links, ...original } = found;
  return { original, originalNumberHash: correction.originalNumberHash };
}

export interface CorrectionRequest {
  /** The published notice being corrected. */
  readonly noticeNo: string;
  /** What was printed wrong, e.g. `证书编码`. */
  readonly item: string;
  readonly wrong: string;
  readonly correct: string;
}

/**
 * Places a correction (更正声明) into an open edition: a new notice that points to the one it corrects, worded
 * from the original's declarant and publication. The original notice is never changed.
 */
export async function placeCorrectionNotice(
  context: PublicationContext,
  date: string,
  request: CorrectionRequest,
  actor: string,
): Promise<{ id: string; text: string }> {
  const originalDate = `${request.noticeNo.slice(0, 4)}-${request.noticeNo.slice(4, 6)}-${request.noticeNo.slice(6, 8)}`;
  const { placements } = await readEditionWithPlacements(context.store, originalDate);
  const original = placements.find((placement) => placement.noticeNo === request.noticeNo);
  const declaration = original && !original.correction ? await getDeclaration(context.store, original.declarationId) : undefined;
  if (!original || !declaration) throw new NoticeNotFound(request.noticeNo);
  const edition = await getEdition(context.store, date);
  if (!edition) throw new EditionNotFound(`no edition for ${date}`);
  if (editionState(edition, context.now()) !== 'open') throw new EditionClosed(date);
  const text = renderCorrectionNotice({
    declarantName: declaration.declaration.declarant.name,
    original: { publishedOn: originalDate, kind: declaration.declaration.kind, noticeNo: request.noticeNo },
    item: request.item,
    wrong: request.wrong,
    correct: request.correct,
  });
  const id = randomUUID();
  const placed = await placeCorrection(context.store, {
    date,
    declarationId: declaration.id,
    placedAt: context.now().toISOString(),
    correction: {
      id,
      text,
      kind: declaration.declaration.kind,
      documentType: declaration.declaration.document.type,
      correctsNoticeNo: request.noticeNo,
      ...(await correctedNumberHashes(context, declaration, request)),
    },
  });
  if (!placed) throw new EditionClosed(date);
  return { id, text };
}
