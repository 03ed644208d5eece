import type { Context } from 'hono';
import { InvalidInput } from '../domain/errors.js';
import { text } from '../domain/localized.js';
import type { AppEnv } from './app.js';

/** `+` is a space in a query (HTML forms send spaces so), then percent-decoding; undefined if not UTF-8. */
function decodedComponent(raw: string): string | undefined {
  const spaced = raw.includes('+') ? raw.replaceAll('+', ' ') : raw;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return undefined;
  }
}

/**
 * One query parameter, decoded; undefined when absent. Stricter than hono's `c.req.query`, which answers the first of
 * repeated values and the raw text of a value it cannot decode, so that a lookup never answers for something other
 * than what was asked: a value that is not percent-encoded UTF-8 (`%E4%B8`), a repeated parameter (`number=A&number=B`)
 * and an array-style one (`date[]=…`, which asks for the same filter) are each a 400 naming the parameter. Other
 * names, including ones that cannot be decoded, are not ours and are ignored.
 */
export function queryValue<E extends AppEnv>(c: Context<E>, name: string): string | undefined {
  const { url } = c.req;
  const start = url.indexOf('?');
  if (start < 0) return undefined;
  const values: string[] = [];
  for (const pair of url.slice(start + 1).split('&')) {
    const equals = pair.indexOf('=');
    const rawName = equals < 0 ? pair : pair.slice(0, equals);
    const pairName = rawName === name ? name : decodedComponent(rawName);
    if (pairName === name) values.push(equals < 0 ? '' : pair.slice(equals + 1));
    else if (pairName?.startsWith(`${name}[`)) throw repeated(name);
  }
  if (values.length > 1) throw repeated(name);
  const [raw] = values;
  if (raw === undefined) return undefined;
  const value = decodedComponent(raw);
  if (value === undefined) {
    throw new InvalidInput([
      {
        path: name,
        message: text(`${name} 的编码有误（不是有效的 UTF-8 百分号编码），请重新输入。`, `${name} is not valid percent-encoded UTF-8; type it again.`),
      },
    ]);
  }
  return value;
}

function repeated(name: string): InvalidInput {
  return new InvalidInput([{ path: name, message: text(`${name} 只能给出一次（${name}=…）。`, `Give ${name} once (${name}=…).`) }]);
}
