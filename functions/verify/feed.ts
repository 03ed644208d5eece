import { Feed } from 'feed';
import { DEFAULT_PUBLISH_HOUR, shanghaiTime } from '../../shared/domain/editions.js';
import type { PublicNotice } from '../../shared/store/edition-store.js';
import { noticeHeadline } from './pages.js';

/** How many of the latest notices the feed carries. */
export const FEED_SIZE = 50;

const TITLE_EXCERPT_CHARACTERS = 40;

/** The start of the (masked) notice text, which names the holder and the document. */
function titleExcerpt(text: string): string {
  const characters = Array.from(text);
  return characters.length > TITLE_EXCERPT_CHARACTERS ? `${characters.slice(0, TITLE_EXCERPT_CHARACTERS).join('')}…` : text;
}

/** The moment a notice appeared: its edition's publication time (06:00 Asia/Shanghai on the edition date). */
function publishedAt(notice: PublicNotice): Date {
  return new Date(shanghaiTime(notice.publishedOn, DEFAULT_PUBLISH_HOUR));
}

/**
 * The latest notices (newest first) as an Atom 1.0 document; each entry links to its notice page. `urlOf` makes
 * a site path absolute (the configured public base URL, see publicUrl).
 */
export function atomFeed(notices: readonly PublicNotice[], urlOf: (path: string) => string, now: Date): string {
  const latest = notices[0];
  const feed = new Feed({
    id: urlOf('/notices'),
    title: '声明登记 · 已刊登的遗失、作废声明',
    description: 'Loss and void notices published in the registry, newest first',
    link: urlOf('/notices'),
    language: 'zh-CN',
    feedLinks: { atom: urlOf('/feed.atom') },
    updated: latest ? publishedAt(latest) : now,
    generator: false,
  });
  for (const notice of notices) {
    const url = urlOf(`/notices/${notice.noticeNo}`);
    feed.addItem({
      id: url,
      link: url,
      title: `${noticeHeadline(notice, 'zh-CN')} · ${titleExcerpt(notice.text)}`,
      date: publishedAt(notice),
      content: notice.text,
    });
  }
  return feed.atom1();
}
