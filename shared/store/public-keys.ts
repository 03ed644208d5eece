/**
 * The public partitions' key shapes: publication writes them (edition-store.ts), the verify function reads them
 * (public-store.ts), and the benchmark seeds published notices with them.
 */
export const PUBLIC_KEYS = {
  /** One item per number hash holding every notice published for that number, so a lookup is one GetItem. */
  lookup: (numberHash: string) => ({ pk: `PUB#LOOKUP#${numberHash}`, sk: 'LOOKUP' }),
  notice: (noticeNo: string) => ({ pk: `PUB#NOTICE#${noticeNo}`, sk: 'NOTICE' }),
  /** Beside a notice, in its partition: one item per correction published for it. */
  correctionLink: (noticeNo: string, correctionNo: string) => ({ pk: `PUB#NOTICE#${noticeNo}`, sk: `NOTICE#CORRECTED_BY#${correctionNo}` }),
  dateListing: (date: string, noticeNo: string) => ({ pk: `PUB#DATE#${date}`, sk: `NOTICE#${noticeNo}` }),
  publishedDate: (date: string) => ({ pk: 'PUB#DATES', sk: date }),
  /** The transparency log (log-store.ts): one partition per entry, and one for the head, checkpoints and key. */
  logEntry: (index: number) => ({ pk: `PUB#LOG#ENTRY#${index}`, sk: 'ENTRY' }),
  logHead: () => ({ pk: 'PUB#LOG', sk: 'HEAD' }),
  logCheckpoint: (paddedSize: string) => ({ pk: 'PUB#LOG', sk: `CHECKPOINT#${paddedSize}` }),
  logKey: () => ({ pk: 'PUB#LOG', sk: 'KEY' }),
} as const;
