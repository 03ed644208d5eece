import { CfnOutput, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
  UserPoolGroup,
  type CfnUserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { STAFF_ROLES } from '../shared/http/staff-auth.js';
import { contextString } from './context.js';
import { inChina } from './partition.js';

/**
 * A staff identity provider other than Cognito, that is any OpenID Connect issuer (the newspaper's own SSO, or the
 * provider used in AWS China, where Cognito user pools do not exist). Its access tokens must be JWTs the issuer's
 * JWKS verifies, naming the console's client (`client_id` or `azp`) and listing the staff roles in a claim.
 */
export interface StaffIssuerSettings {
  /** The issuer URL (`iss`), whose `/.well-known/openid-configuration` names its endpoints and keys. */
  readonly issuer: string;
  /** The console's client at the issuer: public, authorization code flow with PKCE, callback `<site>/staff/callback`. */
  readonly clientId: string;
  /** The claim listing the user's roles (`moderator`, `editor`); `cognito:groups` when not given. */
  readonly rolesClaim?: string;
  /** The `aud` the access tokens carry, when the issuer sets one. */
  readonly audience?: string;
  /** The scopes the console asks for (default `openid`). */
  readonly scopes?: string;
}

/**
 * `-c staffIssuer=… -c staffClientId=… [-c staffRolesClaim=… -c staffAudience=… -c staffScopes=…]`: staff sign in
 * at that issuer and no Cognito resource is made. Required with `-c partition=aws-cn`; undefined otherwise when
 * not given (Cognito, with its managed login).
 */
export function staffIssuerFromContext(scope: Construct): StaffIssuerSettings | undefined {
  const issuer = contextString(scope, 'staffIssuer');
  const clientId = contextString(scope, 'staffClientId');
  if (!issuer && !clientId) {
    if (inChina(scope)) throw new Error('Cognito user pools do not exist in AWS China: give the staff issuer with -c staffIssuer=… -c staffClientId=…');
    return undefined;
  }
  if (!issuer || !clientId) throw new Error('a staff issuer needs both -c staffIssuer=… and -c staffClientId=…');
  if (!/^https:\/\//.test(issuer)) throw new Error(`-c staffIssuer=${issuer}: the issuer must be an https:// URL`);
  const optional = (key: string, name: keyof StaffIssuerSettings) => {
    const value = contextString(scope, key);
    return value ? { [name]: value } : {};
  };
  return { issuer, clientId, ...optional('staffRolesClaim', 'rolesClaim'), ...optional('staffAudience', 'audience'), ...optional('staffScopes', 'scopes') };
}

/** What the console asks Cognito for; the staff API's Cognito authorizer requires `openid` in the access token. */
const COGNITO_SCOPES = [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE];

/**
 * The newspaper's staff directory. Either a Cognito user pool (global regions, the default): accounts created by
 * an administrator (no self sign-up), a TOTP second factor required, a role is a group (`moderator`, `editor`),
 * and staff sign in on its managed login pages with the authorization code flow and PKCE. Or a configured OIDC
 * issuer (`staffIssuerFromContext`), with no Cognito resource at all. Either way `environment` is what the
 * functions that verify staff tokens are told, and `useConsoleAt` gives the sign-in its callback URLs.
 */
export class StaffIdentity extends Construct {
  /** The configured issuer, when staff do not sign in with Cognito. */
  readonly issuer?: StaffIssuerSettings;
  readonly userPool?: UserPool;
  readonly consoleClient?: UserPoolClient;
  readonly domain?: UserPoolDomain;

  constructor(scope: Construct, id: string, props: { issuer?: StaffIssuerSettings | undefined } = {}) {
    super(scope, id);
    if (props.issuer) {
      this.issuer = props.issuer;
      return;
    }

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const role of STAFF_ROLES) {
      new UserPoolGroup(this, `Group-${role}`, { userPool: this.userPool, groupName: role, description: `Staff role ${role}` });
    }

    // Managed login on a Cognito domain: `-c staffLoginDomain=<prefix>` (unique in the region), else one per account.
    const prefix = (this.node.tryGetContext('staffLoginDomain') as string | undefined) ?? Fn.join('-', ['shengming-staff', Stack.of(this).account]);
    this.domain = this.userPool.addDomain('Login', { cognitoDomain: { domainPrefix: prefix }, managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN });

    // A public client for the console (it cannot keep a secret): the authorization code flow with PKCE only, on the
    // managed login; no implicit grant, no password or SRP flow of its own. The URLs come in useConsoleAt.
    this.consoleClient = this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: COGNITO_SCOPES,
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
    });
    // Refresh only: CDK (and Cognito, when nothing is said) would otherwise allow SRP and custom auth too.
    (this.consoleClient.node.defaultChild as CfnUserPoolClient).explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];
    new CfnManagedLoginBranding(this, 'LoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.consoleClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });
  }

  /**
   * The site's public URL (`https://…/prod/` or a custom domain's `/`) is known once the API exists: the console's
   * callback and sign-out URLs at Cognito are made from it.
   */
  useConsoleAt(publicUrl: string): void {
    const stack = Stack.of(this);
    new CfnOutput(stack, 'StaffSignInUrl', { value: `${publicUrl}staff/sign-in`, description: "The staff console's sign-in" });
    if (!this.userPool || !this.consoleClient || !this.domain) return;
    const client = this.consoleClient.node.defaultChild as CfnUserPoolClient;
    client.callbackUrLs = [`${publicUrl}staff/callback`];
    client.logoutUrLs = [`${publicUrl}staff/signed-out`];
    new CfnOutput(stack, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(stack, 'ConsoleClientId', { value: this.consoleClient.userPoolClientId });
    new CfnOutput(stack, 'ManagedLoginUrl', { value: this.domain.baseUrl(), description: 'The user pool domain (managed login)' });
  }

  /** What a function that verifies staff tokens or signs staff in is told (shared/http/staff-auth.ts, shared/services/staff-sign-in.ts). */
  get environment(): Record<string, string> {
    if (this.issuer) {
      const { issuer, clientId, rolesClaim, audience, scopes } = this.issuer;
      return {
        STAFF_ISSUER: issuer,
        STAFF_CLIENT_ID: clientId,
        ...(rolesClaim ? { STAFF_ROLES_CLAIM: rolesClaim } : {}),
        ...(audience ? { STAFF_AUDIENCE: audience } : {}),
        ...(scopes ? { STAFF_SCOPES: scopes } : {}),
      };
    }
    const { userPool, consoleClient, domain } = this;
    if (!userPool || !consoleClient || !domain) throw new Error('the staff identity has neither an issuer nor a user pool');
    return {
      USER_POOL_ID: userPool.userPoolId,
      STAFF_CLIENT_ID: consoleClient.userPoolClientId,
      STAFF_SCOPES: COGNITO_SCOPES.map((scope) => scope.scopeName).join(' '),
      // Cognito's managed login has no end_session_endpoint; its /logout ends the session (shared/services/staff-sign-in.ts).
      STAFF_LOGOUT_URL: `${domain.baseUrl()}/logout`,
    };
  }
}
