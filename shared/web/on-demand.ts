import type { JSX } from 'hono/jsx/jsx-runtime';

/**
 * A component whose module is imported by the first render that needs it. Hono renders async components, so a
 * route renders `<Page …/>` as before; the bundling (infra/bundling.ts) makes the module a chunk of its own, parsed
 * by the first page a request asks for instead of at every cold start of a function whose requests are mostly API
 * calls (docs/BENCHMARKS.md, "Cold start and bundle size").
 */
export function onDemand<Props>(load: () => Promise<(props: Props) => JSX.Element>): (props: Props) => Promise<JSX.Element> {
  return async (props) => await (await load())(props);
}
