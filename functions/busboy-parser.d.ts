// The form parser by its file: functions/busboy-on-demand.ts stands for the package's name in the bundles and
// reaches the parser itself under this path, which infra/bundling.ts maps to the package's own entry. Its one
// export once bundled is `default`, a CommonJS module's exports.
declare module '@fastify/busboy/index.js' {
  export { default } from '@fastify/busboy';
}
