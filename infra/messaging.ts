import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/** Where notifications are sent from unless the deployment says otherwise (cdk.json / `-c mailDomain=…`). */
export const DEFAULT_MAIL_DOMAIN = 'notices.shengming.example';

/**
 * The e-mail identity notifications are sent from (SES verifies the domain through the DNS records it lists),
 * and the SMS sender ID where carriers honour one. SMS needs no resource: SNS publishes straight to numbers.
 */
export class Messaging extends Construct {
  readonly mailIdentity: EmailIdentity;
  readonly mailFrom: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const domain = String(this.node.tryGetContext('mailDomain') ?? DEFAULT_MAIL_DOMAIN);
    this.mailIdentity = new EmailIdentity(this, 'MailIdentity', { identity: Identity.domain(domain) });
    this.mailFrom = `声明登记 <no-reply@${domain}>`;
  }
}
