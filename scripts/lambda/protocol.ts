/** Messages between scripts/lambda/runtime.ts and the execution environment it runs (bootstrap.ts). */

/** What one invocation cost, measured inside the environment around the handler call. */
export interface InvocationFigures {
  /** The handler's result as JSON text (what the runtime posts back to the Runtime API). */
  readonly result: string;
  /** Set when the handler threw or rejected. */
  readonly error?: string;
  readonly durationMs: number;
  /** process.cpuUsage() user + system over the invocation. */
  readonly cpuMs: number;
}

export type BootstrapMessage =
  | { readonly type: 'invoke'; readonly id: number; readonly events: readonly string[]; readonly repeat: number; readonly timeoutMs: number }
  | { readonly type: 'stop' };

export type ChildMessage =
  | { readonly type: 'ready'; readonly importMs: number; readonly readyMs: number }
  | { readonly type: 'init-error'; readonly error: string }
  | { readonly type: 'invoked'; readonly id: number; readonly figures: readonly InvocationFigures[] };
