import { shanghaiTime } from '../../shared/domain/editions.js';

/**
 * A test system's clock: the real time, except while a test travels to another instant. Editions take notices
 * before their cut-off and publish on their date, so a test that does both moves time in between, as a
 * newsroom's day does.
 */
export interface TestClock {
  now(): Date;
  /** Runs `work` with the clock reading `instant` (and running on from there), then returns to the real time. */
  during<T>(instant: Date, work: () => Promise<T>): Promise<T>;
  /** Runs `work` on the morning of `date` (07:00 Asia/Shanghai), when its edition may be published. */
  onTheDayOf<T>(date: string, work: () => Promise<T>): Promise<T>;
}

export function createTestClock(): TestClock {
  let offset = 0;
  // Concurrent travels (two publishers at once) share one trip: the clock returns when the last one is back.
  let travellers = 0;
  const clock: TestClock = {
    now: () => new Date(Date.now() + offset),
    during: async (instant, work) => {
      // Travellers going to different days share the latest: publishing late is allowed, early is not.
      const wanted = instant.getTime() - Date.now();
      offset = travellers === 0 ? wanted : Math.max(offset, wanted);
      travellers += 1;
      try {
        return await work();
      } finally {
        travellers -= 1;
        if (travellers === 0) offset = 0;
      }
    },
    onTheDayOf: (date, work) => clock.during(new Date(shanghaiTime(date, 7)), work),
  };
  return clock;
}
