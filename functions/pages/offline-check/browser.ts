/**
 * The verify page's offline check of a 登报证明 (browser entry, bundled into `script.generated.ts` by
 * `npx tsx scripts/offline-check-bundle.ts`). It reads the proof code from the URL fragment (which never reaches
 * the server) or from the paste box, and checks it with the log key the page carries, by WebCrypto alone: the
 * page's Content-Security-Policy allows this script no network at all. Its answer is the page's verdict on the
 * proof: the server's box above it (`#registry-notice`) only says what the registry holds for the notice the link
 * names, and is relabelled as a record to compare with when the proof fails.
 */
import { parseVerifierKey, parseVerifierKeys } from '../../../shared/domain/log/note.js';
import { checkOfflineProof, type OfflineVerdict } from '../../../shared/domain/log/offline-proof.js';
import type { OfflineCheckMessages } from './messages.js';

const section = document.getElementById('offline-check');
const result = document.getElementById('offline-result');
const form = document.getElementById('offline-form') as HTMLFormElement | null;
const registry = document.getElementById('registry-notice');
const registryHeading = registry?.querySelector('h2');
const registryPublishedHeading = registryHeading?.textContent ?? '';

/** The proof's verdict on this page: it holds, or the status and reason why not. */
type PageVerdict = Extract<OfflineVerdict, { ok: true }> | { readonly ok: false; readonly status: string; readonly detail: string };

/** The offline check's verdict for the notice this page is about (`noticeNo`, when it names one). */
function pageVerdict(verdict: OfflineVerdict | undefined, messages: OfflineCheckMessages, noticeNo: string | undefined): PageVerdict {
  if (!verdict) return { ok: false, status: 'no_key', detail: messages.noKey };
  if (!verdict.ok) return { ok: false, status: verdict.reason, detail: messages.reasons[verdict.reason] };
  // A genuine proof of another notice proves nothing about this one.
  if (noticeNo !== undefined && verdict.record.noticeNo !== noticeNo) {
    return { ok: false, status: 'other_notice', detail: messages.otherNotice.replace('{proofNoticeNo}', verdict.record.noticeNo).replace('{noticeNo}', noticeNo) };
  }
  return verdict;
}

async function check(code: string): Promise<void> {
  if (!section || !result) return;
  const messages = JSON.parse(section.dataset.messages ?? '{}') as OfflineCheckMessages;
  const key = parseVerifierKey(section.dataset.logKey ?? '');
  const witnesses = parseVerifierKeys(JSON.parse(section.dataset.witnesses ?? '[]') as string[]);
  const noticeNo = registry?.dataset.noticeNo;
  const verdict = pageVerdict(typeof key === 'string' ? undefined : await checkOfflineProof(code, key, witnesses), messages, noticeNo);
  if (registryHeading && registry?.dataset.status === 'published') {
    registryHeading.textContent = verdict.ok ? registryPublishedHeading : messages.compareWithRegistry.replace('{noticeNo}', noticeNo ?? '');
  }
  result.hidden = false;
  result.replaceChildren();
  const heading = document.createElement('h2');
  const detail = document.createElement('p');
  result.append(heading, detail);
  if (verdict.ok) {
    result.className = 'verdict ok';
    result.dataset.status = 'valid';
    heading.textContent = messages.valid
      .replace('{publisher}', section.dataset.publisher ?? '')
      .replace('{date}', verdict.record.publishedOn);
    detail.textContent = messages.position
      .replace('{noticeNo}', verdict.record.noticeNo)
      .replace('{index}', String(verdict.index))
      .replace('{size}', String(verdict.treeSize));
    const text = document.createElement('div');
    text.className = 'notice-text';
    text.textContent = verdict.record.text;
    result.append(text);
    for (const witness of verdict.witnesses) {
      const line = document.createElement('p');
      line.className = 'witness';
      line.textContent = messages.witness.replace('{name}', witness.name).replace('{time}', new Date(witness.time * 1000).toISOString());
      result.append(line);
    }
  } else {
    result.className = 'verdict alert';
    result.dataset.status = verdict.status;
    heading.textContent = messages.refused;
    detail.textContent = verdict.detail;
  }
}

const fromFragment = new URLSearchParams(location.hash.slice(1)).get('proof');
if (fromFragment) void check(fromFragment);
form?.addEventListener('submit', (event) => {
  event.preventDefault();
  const code = new FormData(form).get('proof');
  if (typeof code === 'string' && code.trim()) void check(code.trim());
});
