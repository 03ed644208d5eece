import { InvalidInput } from './errors.js';
import { addDays, shanghaiDate } from './editions.js';
import { text, type FieldError } from './localized.js';

/**
 * API keys of authorised organisations: verifiers (banks, employers: batch checks, watches) and agencies
 * (health commissions, hospitals: bundles of declarations). Pure rules only; the store keeps a key's SHA-256,
 * never the key.
 */
export const ORGANISATION_KINDS = ['verifier', 'agency'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export type ApiKeyStatus = 'active' | 'revoked';

export interface ApiKeyRecord {
  /** Public part of the key, also its name in logs and lists. */
  readonly id: string;
  readonly organisation: string;
  readonly kind: OrganisationKind;
  /** Lookups (verifier) or rows (agency) a day, Asia/Shanghai days. */
  readonly dailyQuota: number;
  readonly status: ApiKeyStatus;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly rotatedAt?: string;
  readonly revokedAt?: string;
}

export const DEFAULT_DAILY_QUOTA = 10_000;
export const MAX_DAILY_QUOTA = 1_000_000;
export const MAX_ORGANISATION_LENGTH = 100;

/** `smk_<id>_<secret>`: the id (12 bytes) names the key without revealing it; the secret has 32 random bytes. */
const KEY_PATTERN = /^smk_([A-Za-z0-9_-]{16})_([A-Za-z0-9_-]{43})$/;
const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{16}$/;

export function formatApiKey(id: string, secret: string): string {
  return `smk_${id}_${secret}`;
}

/** The key id of a well-formed key, or undefined for anything that cannot be one of ours. */
export function apiKeyId(presented: string | undefined): string | undefined {
  return KEY_PATTERN.exec(presented?.trim() ?? '')?.[1];
}

export function isApiKeyId(value: string): boolean {
  return KEY_ID_PATTERN.test(value);
}

const ERRORS = {
  kind: text('kind 须为 verifier（查验机构）或 agency（批量登报机构）。', 'kind must be verifier or agency.'),
  organisation: text(`机构名称须为 1 到 ${MAX_ORGANISATION_LENGTH} 个字符。`, `The organisation name must have 1 to ${MAX_ORGANISATION_LENGTH} characters.`),
  organisationControl: text('机构名称含有不可见的控制字符。', 'The organisation name contains invisible control characters.'),
  quota: text(`每日限额须为 1 到 ${MAX_DAILY_QUOTA} 之间的整数。`, `dailyQuota must be a whole number from 1 to ${MAX_DAILY_QUOTA}.`),
} as const;

export interface KeyRequest {
  readonly organisation: string;
  readonly kind: OrganisationKind;
  readonly dailyQuota: number;
}

/** Checks what staff ask for when issuing a key; every bad field at once. */
export function keyRequest(input: { organisation?: unknown; kind?: unknown; dailyQuota?: unknown }): KeyRequest {
  const errors: FieldError[] = [];
  const kind = input.kind;
  if (typeof kind !== 'string' || !(ORGANISATION_KINDS as readonly string[]).includes(kind)) errors.push({ path: 'kind', message: ERRORS.kind });
  const organisation = typeof input.organisation === 'string' ? input.organisation.normalize('NFC').trim() : '';
  if (/[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/u.test(organisation)) errors.push({ path: 'organisation', message: ERRORS.organisationControl });
  else if (organisation === '' || Array.from(organisation).length > MAX_ORGANISATION_LENGTH) errors.push({ path: 'organisation', message: ERRORS.organisation });
  const dailyQuota = input.dailyQuota ?? DEFAULT_DAILY_QUOTA;
  if (typeof dailyQuota !== 'number' || !Number.isInteger(dailyQuota) || dailyQuota < 1 || dailyQuota > MAX_DAILY_QUOTA) {
    errors.push({ path: 'dailyQuota', message: ERRORS.quota });
  }
  if (errors.length > 0) throw new InvalidInput(errors);
  return { organisation, kind: kind as OrganisationKind, dailyQuota: dailyQuota as number };
}

/** The quota day an instant falls in, and when the next one starts (Asia/Shanghai midnight). */
export function quotaDay(now: Date): { readonly day: string; readonly resetsAt: Date } {
  const day = shanghaiDate(now);
  return { day, resetsAt: new Date(`${addDays(day, 1)}T00:00:00+08:00`) };
}

/** Why a presented key is refused, in the order they are checked. */
export type KeyRefusal = 'missing' | 'invalid' | 'revoked' | 'wrong_kind' | 'over_quota';

/** One line of an organisation's verification log: a number is there only as its keyed hash. */
export interface LoggedLookup {
  readonly at: string;
  readonly requestId: string;
  readonly numberHash: string;
  readonly status: string;
  readonly noticeNumbers: readonly string[];
}

const CSV_HEADER = ['at', 'request_id', 'number_hash', 'status', 'notice_numbers'] as const;

/**
 * Excel takes a cell starting with one of these for a formula: a hash (base64url) or a request id can start with
 * `-`, and would show as an error, or be computed.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * RFC 4180 field. Every value is one the service made (instants, ids, hashes, codes), none a client's free text;
 * one that Excel would read as a formula gets a leading `'` (OWASP's advice for CSV meant for spreadsheets), which
 * Excel shows as text.
 */
function csvField(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The verification log as CSV (RFC 4180, CRLF, UTF-8 with BOM so that Excel opens it right). */
export function verificationLogCsv(lines: readonly LoggedLookup[]): string {
  const rows = [
    CSV_HEADER.join(','),
    ...lines.map((line) => [line.at, line.requestId, line.numberHash, line.status, line.noticeNumbers.join(' ')].map(csvField).join(',')),
  ];
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}
