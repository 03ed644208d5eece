import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClient,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { STAFF_ROLES } from '../shared/http/staff-auth.js';

/**
 * The newspaper's staff directory. Accounts are created by an administrator (no self sign-up), every
 * account needs a TOTP second factor, and a role is a group: `moderator` or `editor`.
 */
export class StaffIdentity extends Construct {
  readonly userPool: UserPool;
  readonly consoleClient: UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);

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

    // A public client for the staff console: no secret (it cannot keep one), SRP so the password never travels.
    this.consoleClient = this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
    });
  }

  /** What a function that verifies staff tokens is told (shared/http/staff-auth.ts staffIssuerFromEnvironment). */
  get environment(): Record<string, string> {
    return { USER_POOL_ID: this.userPool.userPoolId, STAFF_CLIENT_ID: this.consoleClient.userPoolClientId };
  }
}
