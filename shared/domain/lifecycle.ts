/**
 * The declaration state machine (contract, "Statuses"). Every status change in the system asks this table,
 * so the rules live in one place.
 */
export const DECLARATION_STATUSES = [
  'submitted',
  'approved',
  'rejected',
  'changes_requested',
  'scheduled',
  'published',
  'withdrawn',
] as const;
export type DeclarationStatus = (typeof DECLARATION_STATUSES)[number];

export const LIFECYCLE_ACTIONS = {
  edit: { from: ['submitted', 'changes_requested'], to: 'submitted' },
  // From `scheduled` only while every edition it is placed in can still change (shared/services/unplacement.ts).
  withdraw: { from: ['submitted', 'changes_requested', 'approved', 'scheduled'], to: 'withdrawn' },
  approve: { from: ['submitted'], to: 'approved' },
  reject: { from: ['submitted'], to: 'rejected' },
  request_changes: { from: ['submitted'], to: 'changes_requested' },
  schedule: { from: ['approved'], to: 'scheduled' },
  publish: { from: ['scheduled'], to: 'published' },
  /** An editor takes the notice out of its edition before the cut-off; it waits to be placed again. */
  unschedule: { from: ['scheduled'], to: 'approved' },
} as const satisfies Record<string, { from: readonly DeclarationStatus[]; to: DeclarationStatus }>;
export type LifecycleAction = keyof typeof LIFECYCLE_ACTIONS;

/** The longest reason staff may give (a rejection, a request for changes, a bundle's rejection, a fee waiver). */
export const MAX_REASON_LENGTH = 500;

export function allowedFrom(action: LifecycleAction): readonly DeclarationStatus[] {
  return LIFECYCLE_ACTIONS[action].from;
}

/** The status after `action`, or undefined when the action is not allowed from `status`. */
export function nextStatus(status: DeclarationStatus, action: LifecycleAction): DeclarationStatus | undefined {
  const rule = LIFECYCLE_ACTIONS[action];
  return (rule.from as readonly DeclarationStatus[]).includes(status) ? rule.to : undefined;
}

/**
 * A declaration in this status has placements in editions: leaving it must take them out too, in the same
 * transaction (shared/services/unplacement.ts), or the publisher would print a notice nobody stands behind.
 */
export function isPlaced(status: DeclarationStatus): boolean {
  return status === 'scheduled';
}

/** Active declarations block a second one for the same document (contract: not rejected, not withdrawn). */
export function isActive(status: DeclarationStatus): boolean {
  return status !== 'rejected' && status !== 'withdrawn';
}
