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
  /** Whether Node's fetch implementation (undici) is loaded in the environment after the invocation. */
  readonly fetchImplementationLoaded: boolean;
}

export type BootstrapMessage =
  | {
      readonly type: 'invoke';
      readonly id: number;
      readonly events: readonly string[];
      readonly repeat: number;
      readonly timeoutMs: number;
      /** Record a V8 CPU profile (inspector) of this loop alone. */
      readonly profile?: boolean;
    }
  | { readonly type: 'stop' };

export type ChildMessage =
  | { readonly type: 'ready'; readonly importMs: number; readonly readyMs: number; readonly builtinsAtImport: readonly string[] }
  | { readonly type: 'init-error'; readonly error: string }
  | { readonly type: 'invoked'; readonly id: number; readonly figures: readonly InvocationFigures[]; readonly profile?: CpuProfile };

/** A V8 CPU profile (the `.cpuprofile` format). */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
    readonly children?: readonly number[];
  }[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}
