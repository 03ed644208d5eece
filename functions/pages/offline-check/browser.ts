/**
 * The verify page's offline check of a 登报证明 (browser entry, bundled into `script.generated.ts` by
 * `npx tsx scripts/offline-check-bundle.ts`). It reads the proof code from the URL fragment (which never reaches
 * the server) or from the paste box, and checks it with the log key the page carries, by WebCrypto alone: the
 * page's Content-Security-Policy allows this script no network at all.
 */
import { parseVerifierKey, parseVerifierKeys } from '../../../shared/domain/log/note.js';
import { checkOfflineProof } from '../../../shared/domain/log/offline-proof.js';
import type { OfflineCheckMessages } from './messages.js';

const section = document.getElementById('offline-check');
const result = document.getElementById('offline-result');
const form = document.getElementById('offline-form') as HTMLFormElement | null;

async function check(code: string): Promise<void> {
  if (!section || !result) return;
  const messages = JSON.parse(section.dataset.messages ?? '{}') as OfflineCheckMessages;
  const key = parseVerifierKey(section.dataset.logKey ?? '');
  const witnesses = parseVerifierKeys(JSON.parse(section.dataset.witnesses ?? '[]') as string[]);
  const verdict = typeof key === 'string' ? undefined : await checkOfflineProof(code, key, witnesses);
  result.hidden = false;
  result.replaceChildren();
  const heading = document.createElement('h2');
  const detail = document.createElement('p');
  result.append(heading, detail);
  if (verdict?.ok) {
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
    result.dataset.status = verdict ? verdict.reason : 'no_key';
    heading.textContent = messages.refused;
    detail.textContent = verdict ? messages.reasons[verdict.reason] : messages.noKey;
  }
}

const fromFragment = new URLSearchParams(location.hash.slice(1)).get('proof');
if (fromFragment) void check(fromFragment);
form?.addEventListener('submit', (event) => {
  event.preventDefault();
  const code = new FormData(form).get('proof');
  if (typeof code === 'string' && code.trim()) void check(code.trim());
});
