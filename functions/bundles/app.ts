import type { Context, Hono } from 'hono';
import { jsonRows, MAX_BUNDLE_BYTES, XLSX_MEDIA_TYPE, fileProblem, templateHeader, type BundleRow } from '../../shared/domain/bundle.js';
import { SHEET_MEDIA_TYPES, sheetBundleRows, sheetFormat } from '../../shared/domain/bundle-sheet.js';
import { addToRequestLog, createApp, isJsonMediaType, mediaTypeOf, readJsonBody, unsupportedMediaType, type PublicationDeps } from '../../shared/http/app.js';
import { chargeKey, requireApiKey, type PartnerEnv } from '../../shared/http/api-key-auth.js';
import { idempotencyKeyFrom } from '../../shared/http/fields.js';
import { sitePath } from '../../shared/http/site-url.js';
import type { ApiKeyContext } from '../../shared/services/api-keys.js';
import { bundleOverview, fileBundle, settleStaleBundles, STALE_PER_SWEEP } from '../../shared/services/bundles.js';
import { canonicalJson, hashFor } from '../../shared/services/secrets.js';
import type { AttachmentStorage } from '../../shared/store/attachments.js';
import type { BundleFormat } from '../../shared/store/bundle-store.js';
import { BUNDLE_SWEEP_PATH } from './schedule-event.js';

export interface BundlesDeps extends PublicationDeps {
  /** Rows may name proof files uploaded through POST /api/v1/attachments; they are checked as filing checks them. */
  readonly attachments: AttachmentStorage;
  /** Local runs: keys that `npm run api-key` spooled under DATA_DIR (see scripts/local-api-keys.ts). */
  readonly importPendingKeys?: () => Promise<void>;
}

interface ReadBundle {
  readonly rows: BundleRow[];
  readonly format: BundleFormat;
  readonly encoding?: string;
  readonly bodyHash: string;
}

/** The bundle in the request: a JSON array, or a sheet (CSV in UTF-8 or GBK, XLSX); the app takes no other media type (415). */
async function readBundle(c: Context<PartnerEnv>): Promise<ReadBundle> {
  const contentType = c.req.header('content-type');
  if (isJsonMediaType(mediaTypeOf(contentType))) {
    const body = await readJsonBody(c);
    return { rows: jsonRows(body), format: 'json', bodyHash: hashFor('body', canonicalJson(body)) };
  }
  // The shell refuses other media types when the request states its length; this covers chunked bodies too.
  if (!(SHEET_MEDIA_TYPES as readonly string[]).includes(mediaTypeOf(contentType))) throw unsupportedMediaType(c.get('locale'), SHEET_MEDIA_TYPES);
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0) throw fileProblem('请求中没有文件。', 'The request carries no file.');
  const format = sheetFormat(contentType, bytes);
  const { rows, encoding } = await sheetBundleRows(format, bytes, contentType);
  return { rows, format, ...(encoding ? { encoding } : {}), bodyHash: hashFor('body-bytes', Buffer.from(bytes).toString('base64')) };
}

/** The template's CSV: the header row with a UTF-8 BOM, so Excel (which takes BOM-less CSV for the local code page) shows Chinese. */
function templateCsv(): string {
  return `\uFEFF${templateHeader().join(',')}\r\n`;
}

async function templateXlsx(): Promise<ArrayBuffer> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  const sheet = workbook.addWorksheet('声明');
  sheet.addRow(templateHeader());
  // Every column as text, so Excel keeps the leading zeros and all 18 digits of an ID number.
  templateHeader().forEach((_, index) => {
    sheet.getColumn(index + 1).numFmt = '@';
    sheet.getColumn(index + 1).width = 18;
  });
  return (await workbook.xlsx.writeBuffer()) as ArrayBuffer;
}

/**
 * Agencies' bundles (`X-Api-Key` of kind `agency`): many declarations filed at once, all or nothing, then followed
 * by the bundle's id. Its own function: it writes declarations, which the partners function (verifiers' lookups
 * of public items) must not, and it alone loads the sheet readers (exceljs only when an XLSX arrives).
 */
export function createBundlesApp(deps: BundlesDeps): Hono<PartnerEnv> {
  const app = createApp<PartnerEnv>(deps.logger, { maxBodyBytes: MAX_BUNDLE_BYTES, bodyMediaTypes: SHEET_MEDIA_TYPES });
  const keys: ApiKeyContext = { store: deps.store, now: deps.now, ...(deps.importPendingKeys ? { importPending: deps.importPendingKeys } : {}) };
  const filing = { store: deps.store, now: deps.now, attachments: deps.attachments, lookupHasher: deps.lookupHasher };
  const agencyKey = requireApiKey(keys, ['agency']);

  // The schedule's route (no API Gateway mount): bundles whose run died are finished or undone.
  app.post(BUNDLE_SWEEP_PATH, async (c) => c.json({ settled: await settleStaleBundles(filing, STALE_PER_SWEEP) }));

  app.get('/api/v1/bundles/template.csv', (c) =>
    c.body(templateCsv(), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="bundle-template.csv"' }),
  );
  app.get('/api/v1/bundles/template.xlsx', async (c) =>
    c.body(await templateXlsx(), 200, { 'content-type': XLSX_MEDIA_TYPE, 'content-disposition': 'attachment; filename="bundle-template.xlsx"' }),
  );

  app.post('/api/v1/bundles', agencyKey, async (c) => {
    const idempotencyKey = idempotencyKeyFrom(c);
    const bundle = await readBundle(c);
    const filed = await fileBundle(filing, {
      ...bundle,
      key: c.get('apiKey'),
      ...(idempotencyKey ? { idempotencyKey } : {}),
      charge: (rows) => chargeKey(c, keys, rows),
    });
    addToRequestLog(c, { apiKeyId: c.get('apiKey').id, bundleId: filed.bundleId, rows: filed.declarations.length, format: bundle.format });
    c.header('location', sitePath(c, `/api/v1/bundles/${filed.bundleId}`));
    c.header('cache-control', 'no-store');
    return c.json(filed, 201);
  });

  app.get('/api/v1/bundles/:id', agencyKey, async (c) => {
    const { bundle, rows } = await bundleOverview(deps, c.req.param('id'), c.get('apiKey').id);
    c.header('cache-control', 'no-store');
    return c.json({
      bundleId: bundle.id,
      state: bundle.state === 'filed' ? 'filed' : 'in_progress',
      rowCount: bundle.rowCount,
      format: bundle.format,
      createdAt: bundle.createdAt,
      declarations: rows.map((row) => ({ row: row.row, id: row.declarationId, ...(row.declaration ? { status: row.declaration.status } : {}) })),
    });
  });

  return app;
}
