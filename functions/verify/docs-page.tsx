import { Layout } from '../../shared/web/layout.js';
import type { OpenApiDocument, OpenApiOperation } from './openapi.js';
import { SECURITY_SCHEMES, type SecuritySchemeName } from './security-schemes.js';

const DOCS_STYLE = `
main{max-width:60rem}
.op{background:#fff;border:1px solid #ccc;border-radius:4px;padding:.75rem 1rem;margin:1rem 0}
.op h3{margin:0;font-size:1.05rem;font-family:ui-monospace,monospace}
.method{display:inline-block;min-width:4.5rem;font-weight:700;color:#8b1a1a}
pre{background:#f3f1ec;padding:.6rem;overflow:auto;font-size:.82rem;max-height:28rem}
details{margin:.4rem 0}
`;

/** The header of each credential an operation takes; a staff token's with the roles that may present it. */
function credentialLines(security: OpenApiOperation['security'] = []): string[] {
  return (Object.keys(SECURITY_SCHEMES) as SecuritySchemeName[]).flatMap((name) => {
    const alternatives = security.filter((alternative) => alternative[name] !== undefined);
    if (alternatives.length === 0) return [];
    const roles = alternatives.flatMap((alternative) => alternative[name] ?? []);
    return [roles.length > 0 ? `${SECURITY_SCHEMES[name].header} (role ${roles.join(' or ')})` : SECURITY_SCHEMES[name].header];
  });
}

function Operation(props: { path: string; method: string; operation: OpenApiOperation }) {
  const { operation } = props;
  return (
    <section class="op" id={`${props.method}-${props.path}`}>
      <h3>
        <span class="method">{props.method.toUpperCase()}</span>
        {props.path}
      </h3>
      <p>{operation.summary}</p>
      {operation.description ? <p>{operation.description}</p> : null}
      {credentialLines(operation.security).map((line) => (
        <p>{line}</p>
      ))}
      {operation.parameters && operation.parameters.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>parameter</th>
              <th>in</th>
              <th>schema</th>
              <th>description</th>
            </tr>
          </thead>
          <tbody>
            {operation.parameters.map((parameter) => (
              <tr>
                <td>
                  <code>{parameter.name}</code>
                  {parameter.required ? ' *' : ''}
                </td>
                <td>{parameter.in}</td>
                <td>
                  <code>{JSON.stringify(parameter.schema)}</code>
                </td>
                <td>{parameter.description ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {operation.requestBody ? (
        <details>
          <summary>request body</summary>
          <pre>{JSON.stringify(operation.requestBody.content, null, 2)}</pre>
        </details>
      ) : null}
      <ul>
        {Object.entries(operation.responses).map(([status, response]) => (
          <li>
            <strong>{status}</strong> {response.description}
            {response.content ? <code> {Object.keys(response.content).join(', ')}</code> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** `/docs`: the OpenAPI document as a readable page, from the same object `/openapi.json` serves (no CDN). */
export function DocsPage(props: { document: OpenApiDocument; link: (path: string) => string }) {
  const { document } = props;
  return (
    <Layout locale="en" title="API" extraStyle={DOCS_STYLE} linkTo={props.link}>
      <main>
        <h1>{document.info.title}</h1>
        <p>{document.info.description}</p>
        <p>
          OpenAPI {document.openapi}: <a href={props.link('/openapi.json')}>/openapi.json</a>
        </p>
        {document.tags.map((tag) => (
          <section>
            <h2>{tag.name}</h2>
            <p>{tag.description}</p>
            {Object.entries(document.paths).flatMap(([path, methods]) =>
              Object.entries(methods)
                .filter(([, operation]) => operation.tags.includes(tag.name))
                .map(([method, operation]) => <Operation path={path} method={method} operation={operation} />),
            )}
          </section>
        ))}
        <h2>schemas</h2>
        {Object.entries(document.components.schemas).map(([name, schema]) => (
          <details id={`schema-${name}`}>
            <summary>{name}</summary>
            <pre>{JSON.stringify(schema, null, 2)}</pre>
          </details>
        ))}
      </main>
    </Layout>
  );
}
