import { Page } from './frame.js';
import type { PageContext } from './page-context.js';

/** What the service is, and the four things a person comes here to do. */
export function HomePage(props: { page: PageContext }) {
  const { page } = props;
  const text = page.text.home;
  const cards = [
    ['/file', text.file],
    ['/declarations/follow', text.follow],
    ['/verify', text.verify],
    ['/notices', text.notices],
  ] as const;
  return (
    <Page page={page} title={text.title}>
      <h1>{text.title}</h1>
      <p>{text.lead}</p>
      <ul class="cards">
        {cards.map(([path, card]) => (
          <li>
            <a href={page.link(path)}>{card.title}</a>
            <p>{card.body}</p>
          </li>
        ))}
      </ul>
      <p class="hint">{text.privacy}</p>
    </Page>
  );
}
