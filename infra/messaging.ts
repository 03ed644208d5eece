import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { contextString } from './context.js';
import { inChina } from './partition.js';

/** Where notifications are sent from unless the deployment says otherwise (cdk.json / `-c mailDomain=…`). */
export const DEFAULT_MAIL_DOMAIN = 'notices.shengming.example';
/** Implicit TLS (SMTPS), what Chinese mail services (Tencent Exmail, Aliyun DirectMail, 163) offer relays on. */
export const DEFAULT_SMTP_PORT = 465;

/** How the outbox sends e-mail: SES, an SMTP relay (China regions, which have no SES), or not at all. */
export type MailTransport =
  | { readonly kind: 'ses'; readonly identity: EmailIdentity }
  | { readonly kind: 'smtp'; readonly host: string; readonly port: number; readonly credentials: Secret }
  | { readonly kind: 'off' };

/** SMS: SNS direct publish, or off where SNS cannot send SMS (China regions). */
export type SmsTransport = { readonly kind: 'sns' } | { readonly kind: 'off' };

/**
 * The channels notifications leave by. In the global partition: e-mail from an SES identity (SES verifies the
 * domain through the DNS records it lists) and SMS through SNS, which needs no resource. In AWS China neither SES
 * nor SNS SMS exists: e-mail goes through an SMTP relay (`-c smtpHost=… [-c smtpPort=465]`, its user name and
 * password in the SmtpCredentials secret this stack creates), or is off without a relay; SMS is off (a mainland
 * SMS provider needs a signed sender and templates per carrier rules, which is an operator's contract).
 */
export class Messaging extends Construct {
  readonly mail: MailTransport;
  readonly sms: SmsTransport;
  readonly mailFrom: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const domain = String(this.node.tryGetContext('mailDomain') ?? DEFAULT_MAIL_DOMAIN);
    this.mailFrom = `声明登记 <no-reply@${domain}>`;
    if (!inChina(this)) {
      this.mail = { kind: 'ses', identity: new EmailIdentity(this, 'MailIdentity', { identity: Identity.domain(domain) }) };
      this.sms = { kind: 'sns' };
      return;
    }
    this.sms = { kind: 'off' };
    const host = contextString(this, 'smtpHost');
    if (host === undefined) {
      this.mail = { kind: 'off' };
      return;
    }
    const credentials = new Secret(this, 'SmtpCredentials', {
      description: `SMTP relay ${host}: replace the value with {"username":"…","password":"…"} from the mail provider`,
      generateSecretString: { secretStringTemplate: JSON.stringify({ username: `no-reply@${domain}` }), generateStringKey: 'password' },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(credentials).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The password is issued by the external mail provider (the SMTP relay), not by AWS: it can only be changed there, ' +
        'so a rotation Lambda has nothing to rotate; the operator puts the provider\'s new password in this secret.',
    });
    const port = Number(this.node.tryGetContext('smtpPort') ?? DEFAULT_SMTP_PORT);
    if (!Number.isInteger(port) || port <= 0 || port > 65_535) throw new Error(`-c smtpPort=${String(port)} is not a port`);
    this.mail = { kind: 'smtp', host, port, credentials };
  }

  /** The outbox function's variables for these channels (read by functions/outbox/channels.ts). */
  environment(): Record<string, string> {
    const mail = this.mail;
    return {
      MAIL_FROM: this.mailFrom,
      MAIL_TRANSPORT: mail.kind,
      SMS_TRANSPORT: this.sms.kind,
      ...(mail.kind === 'smtp' ? { SMTP_HOST: mail.host, SMTP_PORT: String(mail.port), SMTP_SECRET_ARN: mail.credentials.secretArn } : {}),
    };
  }
}
