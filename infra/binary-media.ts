/**
 * The REST API's binary media types: every type. API Gateway decodes a function's base64 answer only when the
 * first type of the request's `Accept` header is binary, and a browser's first type is `text/html`: under any
 * narrower list a download (the bundle templates) reaches a browser as base64 text. With every type binary,
 * request bodies reach the functions base64-encoded (hono/aws-lambda decodes them, so a GBK CSV or an XLSX arrives
 * as its bytes) and answers leave as the function gives them: text as text, bytes as bytes.
 */
export const API_BINARY_MEDIA_TYPES: readonly string[] = ['*/*'];

// API Gateway's test of a header against the binary media types: the header's first media type (a Content-Type,
// or the first of an Accept list, parameters dropped) equals one, or falls under `type/*` or `*/*`. The header's
// own wildcards are not widened: `Accept: */*` matches only a list that holds `*/*`. No header, no match.
export function isBinaryMediaType(header: string | undefined, binaryTypes: readonly string[] = API_BINARY_MEDIA_TYPES): boolean {
  const type = header?.split(',')[0]?.split(';')[0]?.trim().toLowerCase();
  if (!type) return false;
  return binaryTypes.some((binary) => binary === '*/*' || binary === type || (binary.endsWith('/*') && type.startsWith(binary.slice(0, -1))));
}
