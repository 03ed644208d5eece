import type { Locale } from '../http/locale.js';
import type { PublicNotice } from '../store/edition-store.js';

const KIND: Record<Locale, Record<PublicNotice['kind'], string>> = {
  'zh-CN': { loss: '遗失', void: '作废' },
  en: { loss: 'Loss', void: 'Void' },
};

/**
 * A headline such as `遗失声明 20261123-0007`. The notice text itself names the document; the catalogue's labels
 * are left out of this function on purpose (they would pull the declaration schema into its bundle).
 */
export function noticeHeadline(notice: PublicNotice, locale: Locale): string {
  return locale === 'zh-CN' ? `${KIND[locale][notice.kind]}声明 ${notice.noticeNo}` : `${KIND[locale][notice.kind]} notice ${notice.noticeNo}`;
}
