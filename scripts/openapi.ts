import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument } from '../functions/verify/openapi.js';

/** Regenerates the OpenAPI document the verify function serves, from the zod schemas. */
export const OPENAPI_FILE = 'functions/verify/openapi.generated.json';

export function openApiFileContent(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(OPENAPI_FILE, openApiFileContent());
  console.log(`wrote ${OPENAPI_FILE}`);
}
