import { DEFAULT_PUBLISH_HOUR, shanghaiTime } from '../../shared/domain/editions.js';
import type { PublicNotice } from '../../shared/store/edition-store.js';
import { noticeHeadline } from '../../shared/web/notice-headline.js';

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

const XML_ESCAPES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };
/** Characters XML 1.0 cannot carry at all (controls but tab and line breaks, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as XML character data: escaped, never markup. */
function xmlText(value: string): string {
  return value.replace(NOT_XML, '').replace(/[<>&"']/g, (char) => XML_ESCAPES[char] ?? char);
}

/** An Atom text construct of type `text`: a reader shows it as plain text, whatever it holds (RFC 4287 §3.1). */
function textElement(name: string, value: string): string {
  return `<${name} type="text">${xmlText(value)}</${name}>`;
}

/**
 * The latest notices (newest first) as an Atom 1.0 document; each entry links to its notice page. Citizen text (the
 * notice, and the title made from it) goes in as `type="text"`, escaped, so no feed reader ever renders it as HTML.
 * `urlOf` makes a site path absolute (the configured public base URL, see publicUrl).
 */
export function atomFeed(notices: readonly PublicNotice[], urlOf: (path: string) => string, now: Date): string {
  const latest = notices[0];
  const entries = notices.map((notice) => {
    const url = xmlText(urlOf(`/notices/${notice.noticeNo}`));
    const at = publishedAt(notice).toISOString();
    return [
      '<entry>',
      `<id>${url}</id>`,
      textElement('title', `${noticeHeadline(notice, 'zh-CN')} · ${titleExcerpt(notice.text)}`),
      `<link rel="alternate" type="text/html" href="${url}"/>`,
      `<published>${at}</published>`,
      `<updated>${at}</updated>`,
      textElement('content', notice.text),
      '</entry>',
    ].join('');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `<id>${xmlText(urlOf('/notices'))}</id>`,
    textElement('title', '声明登记 · 已刊登的遗失、作废声明'),
    textElement('subtitle', 'Loss and void notices published in the registry, newest first'),
    `<updated>${(latest ? publishedAt(latest) : now).toISOString()}</updated>`,
    '<author><name>声明登记</name></author>',
    `<link rel="alternate" type="text/html" href="${xmlText(urlOf('/notices'))}"/>`,
    `<link rel="self" type="application/atom+xml" href="${xmlText(urlOf('/feed.atom'))}"/>`,
    ...entries,
    '</feed>',
  ].join('\n');
}
