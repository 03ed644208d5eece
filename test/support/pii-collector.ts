import { personalNumbersIn } from './ids.js';

/**
 * Collects everything the system shows outside the staff routes during a test file — response bodies, pages,
 * feeds, print layouts — and every log line, so one scan at the end can prove none holds a full ID or phone.
 */
interface Collected {
  readonly source: string;
  readonly text: string;
}

const collected: Collected[] = [];

/** Staff JSON may show full data (contract); the print layout is staff-only yet must be masked, so it is scanned. */
function isStaffOnly(path: string): boolean {
  if (/\/print$/.test(path)) return false;
  return /^\/(api\/v1\/(moderation|editions)(\/|$)|staff(\/|$))/.test(path);
}

const TEXT_TYPES = /^(application\/(json|problem\+json|atom\+xml|xml)|text\/)/;

export async function collectResponse(request: Request, response: Response): Promise<void> {
  const path = new URL(request.url).pathname;
  const contentType = response.headers.get('content-type') ?? '';
  if (isStaffOnly(path) || !TEXT_TYPES.test(contentType)) return;
  collected.push({ source: `${request.method} ${path} → ${response.status}`, text: await response.clone().text() });
}

export function collectLogLine(line: string): void {
  collected.push({ source: 'log', text: line });
}

export function collectedCount(): number {
  return collected.length;
}

/** Every collected text that holds a full resident ID or mobile number, with where it came from. */
export function leaks(): { source: string; numbers: string[]; excerpt: string }[] {
  return collected
    .map(({ source, text }) => ({ source, numbers: personalNumbersIn(text), excerpt: text.slice(0, 300) }))
    .filter((entry) => entry.numbers.length > 0);
}
