import type { Locale } from './locale.js';

/** One bad field, with a message a citizen can act on in each language. */
export interface LocalizedFieldError {
  readonly path: string;
  readonly message: Readonly<Record<Locale, string>>;
}

export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: readonly { path: string; message: string }[];
  readonly [extension: string]: unknown;
}

/**
 * An error that becomes an RFC 9457 problem+json response in the app's `onError`. Throwing it from a route
 * (or the domain mapping) keeps handlers free of response-building code.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }

  /** The standard members come last, so no extension can overwrite them: `status` is always the HTTP status (RFC 9457). */
  toDetails(): ProblemDetails {
    return { ...this.extensions, type: problemType(this.slug), title: this.title, status: this.status, detail: this.detail };
  }
}

/** Problem types are relative URIs; `/problems/<slug>` names the kind of error. */
export function problemType(slug: string): string {
  return `/problems/${slug}`;
}

const VALIDATION_TEXT: Record<Locale, { title: string; detail: (count: number) => string }> = {
  'zh-CN': { title: '提交的内容有误', detail: (count) => `有 ${count} 处需要修改，请按提示更正后重新提交。` },
  en: { title: 'The request has invalid fields', detail: (count) => `${count} field(s) need correcting; see errors.` },
};

export function validationProblem(errors: readonly LocalizedFieldError[], locale: Locale): HttpProblem {
  const text = VALIDATION_TEXT[locale];
  return new HttpProblem(400, 'validation-error', text.title, text.detail(errors.length), {
    errors: errors.map((error) => ({ path: error.path, message: error.message[locale] })),
  });
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
