/**
 * The API's credentials: each one's OpenAPI security scheme, and the header line the docs page shows for it. Apart
 * from openapi.ts so that the docs page reads them without zod.
 */
export const SECURITY_SCHEMES = {
  receipt: {
    header: 'Authorization: Receipt <receipt>',
    scheme: { type: 'apiKey', in: 'header', name: 'Authorization', description: '`Receipt <receipt>`, the secret returned when the declaration was filed' },
  },
  apiKey: {
    header: 'X-Api-Key: <key>',
    scheme: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'An organisation’s key, `smk_<id>_<secret>`, issued by editors (locally: `npm run api-key -- <verifier|agency> <name>`)' },
  },
  staffBearer: {
    header: 'Authorization: Bearer <token>',
    scheme: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'A staff access token (JWT) from the staff sign-in (Cognito, or the newspaper’s OpenID Connect provider; locally `npm run token -- <moderator|editor>`). Its roles decide what it may do: each operation’s security lists the roles that may call it, any one of them sufficing.',
    },
  },
} as const;

export type SecuritySchemeName = keyof typeof SECURITY_SCHEMES;
