import { describe, expect, it } from 'vitest';
import { onDemand } from '../../../shared/web/on-demand.js';
import { QrCode } from '../../../shared/web/qr-code.js';

describe('onDemand', () => {
  it('imports a component on its first render, not before, and renders it as the component itself would', async () => {
    const loads: string[] = [];
    const Greeting = onDemand(async () => {
      loads.push('greeting');
      return (props: { name: string }) => <p class="greeting">你好，{props.name}</p>;
    });
    expect(loads).toEqual([]);
    const page = (
      <main>
        <Greeting name="<张三>" />
      </main>
    );
    expect(String(await page.toString())).toBe('<main><p class="greeting">你好，&lt;张三&gt;</p></main>');
    expect(loads).toEqual(['greeting']);
  });

  it('draws a QR code with the encoder it loads on first use', async () => {
    const svg = String(await (<div><QrCode text="https://example.com/declarations/follow#r=ABC" ecc="M" /></div>).toString());
    expect(svg).toMatch(/^<div><svg [^>]*viewBox="0 0 (\d+) \1"/);
    expect(svg).not.toContain('example.com');
  });
});
