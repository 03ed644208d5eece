import {
  DEFAULT_CUTOFF_HOUR,
  DEFAULT_PUBLISH_HOUR,
  addDays,
  noticeNumber,
  shanghaiDate,
  shanghaiTime,
} from '../domain/editions.js';
import { randomUUID } from 'node:crypto';
import { renderCorrectionNotice } from '../domain/index.js';
import { DeclarationNotFound, EditionAlreadyExists, EditionClosed, EditionEmpty, EditionNotDue, EditionNotFound, NoticeNotFound, StaleVersion, WrongState } from '../domain/errors.js';
import { nextStatus } from '../domain/lifecycle.js';
import type { StoreContext } from '../store/client.js';
import { getDeclaration, getDeclarations, type StoredDeclaration } from '../store/declaration-store.js';
import {
  EditionExists,
  createEdition,
  getEdition,
  listDueEditions,
  moveEdition,
  placeCorrection,
  placeDeclaration,
  publishPlacement,
  readEditionWithPlacements,
  recordPublishedDate,
  type Edition,
  type Placement,
} from '../store/edition-store.js';
import type { LookupHasher } from './lookup-key.js';
import { notificationItems } from './notifications.js';
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

/** Opens the edition of `date` (cut-off 15:00 the day before, published from 06:00 on the day). */
export async function openEdition(context: PublicationContext, date: string, actor: string): Promise<Edition> {
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

/**
 * Places approved declarations into the edition of `date` and, with `days` > 1, the following days' editions
 * too (seal notices are often run three times). Each declaration is placed in one transaction; the result says
 * which were placed. Editions must exist, be open and not past their cut-off.
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
    if (edition.status !== 'open' || Date.parse(edition.cutoffAt) <= now.getTime()) throw new EditionClosed(editionDate);
  }
  const placed: string[] = [];
  for (const id of ids) {
    const declaration = await getDeclaration(context.store, id);
    if (!declaration) throw new DeclarationNotFound(`no declaration ${id}`);
    const status = nextStatus(declaration.status, 'schedule');
    if (!status) throw new WrongState(declaration.status, 'schedule');
    const at = now.toISOString();
    const scheduled: StoredDeclaration = { ...declaration, status, version: declaration.version + 1, updatedAt: at };
    const audit = { at, actor, action: 'schedule', reason: dates.join(', ') };
    const told = notificationItems(context.store, scheduled, { kind: 'scheduled', dates }, now);
    const outcome = await placeDeclaration(context.store, declaration, scheduled, dates, at, audit, told);
    if (outcome === 'not_approved') throw new StaleVersion(declaration.version);
    if (outcome === 'edition_closed') throw new EditionClosed(date);
    placed.push(id);
  }
  return { placed };
}

/** Placements in print order: the order they were placed in, then by id; their position gives the number. */
function inPrintOrder(placements: readonly Placement[]): Placement[] {
  return [...placements].sort((a, b) =>
    a.placedAt === b.placedAt ? a.declarationId.localeCompare(b.declarationId) : a.placedAt.localeCompare(b.placedAt),
  );
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
  const { edition: frozen, placements } = await readEditionWithPlacements(context.store, date);
  if (!frozen) throw new EditionNotFound(`no edition for ${date}`);
  const ordered = inPrintOrder(placements);
  const hooks = (context.hooks ?? []).map((makeHook) => makeHook());
  const finish = async () => {
    for (const hook of hooks) await hook.finished?.();
  };
  if (frozen.status === 'published') {
    await finish();
    return { date, status: 'published', noticeCount: ordered.length, publishedNow: 0 };
  }

  const hash = await context.lookupHasher();
  // Read in batches up front (one round trip per hundred, not one per notice); a declaration that changes after
  // this read fails its transaction's condition and is read again.
  const unpublished = ordered.filter((placement) => !placement.publishedAt);
  const declarations = await getDeclarations(
    context.store,
    unpublished.flatMap((placement) => (placement.correction ? [] : [placement.declarationId])),
  );
  let publishedNow = 0;
  for (const [index, placement] of ordered.entries()) {
    if (placement.publishedAt) continue;
    const read = declarations.get(placement.declarationId);
    if (await publishOne(context, hooks, placement, noticeNumber(date, index + 1), hash, actor, read)) publishedNow += 1;
  }
  // The days these notices became public (one, unless a run went past midnight), each listed with its count.
  const { placements: published } = await readEditionWithPlacements(context.store, date);
  const days = new Set(published.flatMap((placement) => (placement.publishedAt ? [shanghaiDate(new Date(placement.publishedAt))] : [])));
  for (const day of days) await recordPublishedDate(context.store, day);
  // Before the edition is marked published, so a run that dies here is finished by the next one.
  await finish();
  await moveEdition(context.store, frozen, 'publishing', {
    ...frozen,
    status: 'published',
    publishedAt: context.now().toISOString(),
    noticeCount: ordered.length,
  });
  return { date, status: 'published', noticeCount: ordered.length, publishedNow };
}

const MAX_PUBLISH_ATTEMPTS = 3;
/** Another publisher appending at the same moment makes a hook's condition fail; each retry reads afresh. */
const MAX_HOOK_ATTEMPTS = 10;

type Publication = Parameters<typeof publishPlacement>[1];

/** Publishes with every hook's items in the same transaction, retrying from fresh hook state when one conflicts. */
async function publishWithHooks(context: PublicationContext, hooks: readonly PublicationHook[], publication: Publication) {
  for (let attempt = 0; attempt < MAX_HOOK_ATTEMPTS; attempt += 1) {
    let notice = publication.notice;
    const items = [];
    for (const hook of hooks) {
      const prepared = await hook.prepare(notice, publication.published);
      notice = prepared.notice;
      items.push(...prepared.items);
    }
    const outcome = await publishPlacement(context.store, { ...publication, notice }, items);
    if (outcome === 'published') for (const hook of hooks) hook.committed();
    if (outcome !== 'addition_failed') return outcome;
    for (const hook of hooks) hook.conflicted();
  }
  throw new WrongState('scheduled', 'publish');
}

/** Publishes one placement; true when this call published it. */
async function publishOne(
  context: PublicationContext,
  hooks: readonly PublicationHook[],
  placement: Placement,
  noticeNo: string,
  hash: LookupHasher,
  actor: string,
  alreadyRead?: StoredDeclaration,
): Promise<boolean> {
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
        text: correction.text,
        correctsNoticeNo: correction.correctsNoticeNo,
      },
      numberHash: undefined,
      publishedAt: at,
      audit: { at, actor, action: 'publish_correction', reason: `${noticeNo} → ${correction.correctsNoticeNo}` },
    });
    return outcome === 'published';
  }
  for (let attempt = 0; attempt < MAX_PUBLISH_ATTEMPTS; attempt += 1) {
    const declaration = attempt === 0 && alreadyRead ? alreadyRead : await getDeclaration(context.store, placement.declarationId);
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
  /** In print order; before publication the numbers are the ones publication will give (`provisional`). */
  readonly notices: readonly { noticeNo: string; text: string; documentType: string; provisional: boolean }[];
}

/** The edition's notices in print order, for the print page and the editor's preview. */
export async function editionLayout(context: Pick<PublicationContext, 'store'>, date: string): Promise<EditionLayout> {
  const { edition, placements } = await readEditionWithPlacements(context.store, date);
  if (!edition) throw new EditionNotFound(`no edition for ${date}`);
  const ordered = inPrintOrder(placements);
  const declarations = await Promise.all(
    ordered.map((placement) => (placement.correction ? undefined : getDeclaration(context.store, placement.declarationId))),
  );
  return {
    edition,
    notices: ordered.map((placement, index) => ({
      noticeNo: placement.noticeNo ?? noticeNumber(date, index + 1),
      text: placement.correction?.text ?? declarations[index]?.text ?? '',
      documentType: placement.correction?.documentType ?? declarations[index]?.declaration.document.type ?? '',
      provisional: placement.noticeNo === undefined,
    })),
  };
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
  if (edition.status !== 'open' || Date.parse(edition.cutoffAt) <= context.now().getTime()) throw new EditionClosed(date);
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
    correction: { id, text, kind: declaration.declaration.kind, documentType: declaration.declaration.document.type, correctsNoticeNo: request.noticeNo },
  });
  if (!placed) throw new EditionClosed(date);
  return { id, text };
}
