/**
 * The bound on what an XLSX inflates to, checked before exceljs reads it: a zip of 1.5 MiB can hold gigabytes of
 * XML, and exceljs (through JSZip) inflates whole entries in memory. The central directory (PKWARE APPNOTE 4.3.12,
 * 4.3.16) locates each entry; each is then inflated here with node:zlib's `maxOutputLength`, so an entry whose
 * declared size lies is stopped at the bound too. The work is at most the bound's worth of inflating, done again by
 * exceljs for a workbook that passes.
 */
import { BundleInflatesTooLarge, fileProblem } from './bundle.js';

/**
 * 16 MiB: 1,000 rows of every template column as Excel writes them (sheet, shared strings, styles) inflate to well
 * under 2 MiB, and exceljs's model of 16 MiB of XML stays within the bundles function's 1024 MiB.
 */
export const MAX_XLSX_INFLATED_BYTES = 16 * 1024 * 1024;

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

const unreadable = () => fileProblem('无法读取这个 XLSX 文件，请用 Excel 另存为“Excel 工作簿（.xlsx）”后重试。', 'This XLSX file cannot be read; save it again as an Excel workbook (.xlsx).');

/** Throws BundleInflatesTooLarge when the zip's entries inflate to more than `limit` bytes in all, a 400 when it is no zip this can read. */
export async function checkXlsxInflation(bytes: Uint8Array, limit = MAX_XLSX_INFLATED_BYTES): Promise<void> {
  const { inflateRawSync } = await import('node:zlib');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word = (at: number) => (at >= 0 && at + 4 <= bytes.length ? view.getUint32(at, true) : -1);
  const half = (at: number) => (at >= 0 && at + 2 <= bytes.length ? view.getUint16(at, true) : -1);
  // The end record is the last one in the file, 22 bytes and a comment of at most 65,535 from its end (as JSZip finds it).
  let end = bytes.length - 22;
  while (end >= Math.max(0, bytes.length - 22 - 0xffff) && word(end) !== END_OF_DIRECTORY) end -= 1;
  if (word(end) !== END_OF_DIRECTORY) throw unreadable();
  let entry = word(end + 16);
  let remaining = limit;
  for (let index = 0, count = half(end + 10); index < count; index += 1) {
    if (word(entry) !== DIRECTORY_ENTRY) throw unreadable();
    const method = half(entry + 10);
    const compressedSize = word(entry + 20);
    const local = word(entry + 42);
    if (word(entry + 24) > remaining) throw new BundleInflatesTooLarge(limit);
    if (word(local) !== LOCAL_HEADER) throw unreadable();
    const start = local + 30 + half(local + 26) + half(local + 28);
    const data = bytes.subarray(start, start + compressedSize);
    if (method === DEFLATED) {
      try {
        remaining -= inflateRawSync(data, { maxOutputLength: Math.max(remaining, 1) }).length;
      } catch (error) {
        if (error instanceof RangeError) throw new BundleInflatesTooLarge(limit);
        throw unreadable();
      }
    } else if (method === STORED) remaining -= data.length;
    else throw unreadable();
    if (remaining < 0) throw new BundleInflatesTooLarge(limit);
    entry += 46 + half(entry + 28) + half(entry + 30) + half(entry + 32);
  }
}
