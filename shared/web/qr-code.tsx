import { raw } from 'hono/html';
import type { renderSVG } from 'uqr';

type QrOptions = NonNullable<Parameters<typeof renderSVG>[1]>;

/**
 * A QR code of `text`, as inline SVG (uqr draws it from modules alone: the text is in no attribute or element, so
 * nothing in it needs escaping). An async component: the encoder (uqr, 10 KiB) is loaded by the first page that
 * draws a code, from a chunk of its own, instead of being parsed at every cold start of the function.
 */
export async function QrCode(props: { text: string; ecc: NonNullable<QrOptions['ecc']> }) {
  const { renderSVG: render } = await import('uqr');
  return raw(render(props.text, { ecc: props.ecc, border: 2 }));
}
