import { describe, expect, it } from 'vitest';
import { hookOnDemand, type PublicationHook } from '../../shared/services/publication-hooks.js';
import type { PublicNotice } from '../../shared/store/edition-store.js';

/** A hook that records what it is asked, and how often its module was "imported". */
function recordingHook() {
  const calls: string[] = [];
  let loads = 0;
  const hook: PublicationHook = {
    async prepare(notice) {
      calls.push(`prepare ${notice.noticeNo}`);
      return { notice: { ...notice, logIndex: calls.length }, items: [] };
    },
    committed: () => calls.push('committed'),
    conflicted: () => calls.push('conflicted'),
    async finished() {
      calls.push('finished');
    },
  };
  const load = async () => {
    loads += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return hook;
  };
  return { calls, load, loads: () => loads };
}

const notice = (noticeNo: string) => ({ noticeNo }) as unknown as PublicNotice;

describe('a publication hook imported on demand (hookOnDemand)', () => {
  it('imports nothing until a run needs it, then once, and forwards every step to the loaded hook', async () => {
    const { calls, load, loads } = recordingHook();
    const hook = hookOnDemand(load);
    expect(loads()).toBe(0);
    const [first, second] = await Promise.all([hook.prepare(notice('A')), hook.prepare(notice('B'))]);
    hook.committed();
    hook.conflicted();
    await hook.finished?.();
    expect(loads()).toBe(1);
    expect(first.notice).toMatchObject({ noticeNo: 'A' });
    expect(second.notice).toMatchObject({ noticeNo: 'B' });
    expect(calls).toEqual(['prepare A', 'prepare B', 'committed', 'conflicted', 'finished']);
  });

  it('still finishes a run that had nothing left to publish (a resumed run signs its checkpoint)', async () => {
    const { calls, load, loads } = recordingHook();
    await hookOnDemand(load).finished?.();
    expect(loads()).toBe(1);
    expect(calls).toEqual(['finished']);
  });
});
