import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The clock of a local run. `CLOCK=2030-01-14T10:00:00+08:00` starts it at that instant and it runs on from
 * there in real time. The latest instant a data directory has seen is kept under DATA_DIR, and a data
 * directory's clock never runs backwards: a restart with a later CLOCK moves on, a restart with an earlier
 * one (or none, after a CLOCK in the future) carries on from where that data left off, so no record
 * (placement, publication, audit entry) ever predates one written before it. Only `scripts/` read CLOCK; the
 * Lambda handlers use the real time.
 */
export interface LocalClock {
  readonly now: () => Date;
  /** Says where the clock started and why, for the start-up line. */
  readonly description: string;
  /** Records the current instant under DATA_DIR (npm start does so every minute and on stopping). */
  save(): void;
}

export class InvalidClock extends Error {
  constructor(value: string) {
    super(`CLOCK=${value} is not an ISO 8601 instant with an offset, e.g. CLOCK=2030-01-14T10:00:00+08:00`);
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 instant with an explicit offset; anything else would be read in the machine's time zone. */
export function parseClock(value: string): Date {
  const instant = new Date(value);
  if (!ISO_INSTANT.test(value) || Number.isNaN(instant.getTime())) throw new InvalidClock(value);
  return instant;
}

function clockFile(dataDir: string): string {
  return join(dataDir, 'clock.json');
}

function lastSeen(dataDir: string): Date | undefined {
  const path = clockFile(dataDir);
  if (!existsSync(path)) return undefined;
  const { lastSeen: value } = JSON.parse(readFileSync(path, 'utf8')) as { lastSeen?: unknown };
  const instant = typeof value === 'string' ? new Date(value) : undefined;
  return instant && !Number.isNaN(instant.getTime()) ? instant : undefined;
}

export function localClock(options: { dataDir: string; clock?: string | undefined; realNow?: () => number }): LocalClock {
  const realNow = options.realNow ?? (() => Date.now());
  const requested = options.clock ? parseClock(options.clock) : undefined;
  const previous = lastSeen(options.dataDir);
  const wanted = requested?.getTime() ?? realNow();
  const start = Math.max(wanted, previous?.getTime() ?? wanted);
  const offset = start - realNow();
  const now = (): Date => new Date(realNow() + offset);
  const from = requested ? `CLOCK=${options.clock}` : 'the real time';
  const description =
    start > wanted
      ? `clock ${new Date(start).toISOString()}: ${from} is earlier than the last instant ${options.dataDir} saw, so it carries on from there`
      : requested
        ? `clock ${new Date(start).toISOString()} (${from}, running on)`
        : 'clock: real time';
  return {
    now,
    description,
    save: () => {
      mkdirSync(dirname(clockFile(options.dataDir)), { recursive: true });
      writeFileSync(clockFile(options.dataDir), `${JSON.stringify({ lastSeen: now().toISOString() })}\n`);
    },
  };
}
