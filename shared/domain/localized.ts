/** A message or label in both languages the service speaks (contract: Chinese by default, English on request). */
export interface LocalizedText {
  readonly 'zh-CN': string;
  readonly en: string;
}

export type Locale = keyof LocalizedText;

export function text(zh: string, en: string): LocalizedText {
  return { 'zh-CN': zh, en };
}

/** One bad field; `path` is a dot path such as `declarant.idNumber` (empty for the body as a whole). */
export interface FieldError {
  readonly path: string;
  readonly message: LocalizedText;
}

/** Accepted, but worth the moderator's attention (e.g. a credit code whose check character does not match). */
export interface Warning {
  readonly code: string;
  readonly path: string;
  readonly message: LocalizedText;
}
