import type { BusboyConfig } from '@fastify/busboy';
import { Writable } from 'node:stream';

/** What the real parser tells its user, passed on as it is; 'finish' and 'error' are this stream's own. */
const PARSER_EVENTS = ['field', 'file', 'fieldsLimit', 'filesLimit', 'partsLimit'] as const;

/**
 * What bundled code gets for `@fastify/busboy` (infra/bundling.ts aliases it here): @whatwg-node/node-fetch
 * imports the form parser at its top for `formData()`, 26 KiB that every cold start of a function on it would
 * parse, while only a request with a form body uses them. This stream stands where the parser stands and loads it
 * from a chunk of its own when the first form arrives, writing to it what it is given once it is there.
 */
export class Busboy extends Writable {
  readonly #parser: Promise<Writable | undefined>;

  constructor(config: BusboyConfig) {
    super();
    // A parser that cannot load, or refuses the headers, fails the stream (and so the form) as the parser would.
    this.#parser = import('@fastify/busboy/index.js')
      .then(({ default: Parser }) => {
        const parser = new Parser(config);
        for (const event of PARSER_EVENTS) parser.on(event, (...args: unknown[]) => this.emit(event, ...args));
        parser.on('error', (error: Error) => this.destroy(error));
        return parser;
      })
      .catch((error: unknown) => {
        this.destroy(error instanceof Error ? error : new Error(String(error)));
        return undefined;
      });
  }

  override _write(chunk: unknown, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    void this.#parser.then((parser) => parser?.write(chunk, encoding, callback));
  }

  /** Finished when the parser is: it has then told every field and file. */
  override _final(callback: (error?: Error | null) => void): void {
    void this.#parser.then((parser) => {
      parser?.once('finish', () => callback());
      parser?.end();
    });
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    void this.#parser.then((parser) => parser?.destroy());
    callback(error);
  }
}
