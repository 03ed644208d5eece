import { documentTypeByCode } from '../../../shared/domain/index.js';
import { isEditionDate, shanghaiTime } from '../../../shared/domain/editions.js';
import { isQueueStatus, type QueueFilter, type QueueStatus } from '../../../shared/store/declaration-store.js';

/** The queue a moderator is working through: its status and filters, carried from page to page in the query. */
export interface QueueView {
  readonly status: QueueStatus;
  readonly documentType?: string;
  /** Filed on or after this day, and on or before `to` (Asia/Shanghai days). */
  readonly from?: string;
  readonly to?: string;
}

/** The view a query asks for; anything unknown is left out (a stale bookmark still opens the queue). */
export function queueViewFrom(query: (name: string) => string | undefined): QueueView {
  const status = query('status') ?? '';
  const type = query('type') ?? '';
  const from = query('from') ?? '';
  const to = query('to') ?? '';
  return {
    status: isQueueStatus(status) ? status : 'submitted',
    ...(documentTypeByCode(type) ? { documentType: type } : {}),
    ...(isEditionDate(from) ? { from } : {}),
    ...(isEditionDate(to) ? { to } : {}),
  };
}

/** The store's filter for a view: Shanghai days become UTC instants, `to` includes its whole day. */
export function queueFilter(view: QueueView): QueueFilter {
  return {
    ...(view.documentType ? { documentType: view.documentType } : {}),
    ...(view.from ? { submittedFrom: new Date(shanghaiTime(view.from, 0)).toISOString() } : {}),
    ...(view.to ? { submittedBefore: new Date(shanghaiTime(view.to, 0, 1)).toISOString() } : {}),
  };
}

/** The view as query parameters (`status=…&type=…`), to append to a link or carry in a form. */
export function queueParams(view: QueueView, status: QueueStatus = view.status): URLSearchParams {
  const params = new URLSearchParams({ status });
  if (view.documentType) params.set('type', view.documentType);
  if (view.from) params.set('from', view.from);
  if (view.to) params.set('to', view.to);
  return params;
}

/** A path with the view's parameters. */
export function withView(path: string, view: QueueView, extra: Record<string, string> = {}): string {
  const params = queueParams(view);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return `${path}?${params.toString()}`;
}
