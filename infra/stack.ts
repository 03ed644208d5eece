import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { PUBLISHER_ENV, publisherIdentityFromEnvironment } from '../shared/http/env.js';
import { PublicApi, STAGE_NAME } from './api.js';
import { contextString } from './context.js';
import { DataStores } from './data.js';
import { Firewall, FIREWALL_METRIC_NAME } from './firewall.js';
import { Functions } from './functions.js';
import { Messaging } from './messaging.js';
import { OutboxDelivery } from './outbox-delivery.js';
import { customDomainFromContext, PublicAddress } from './public-address.js';
import { Operations } from './operations.js';
import { BundleSweep, PublisherSchedule } from './schedule.js';
import { StaffIdentity, staffIssuerFromContext } from './staff-identity.js';

/** The context key of each PUBLISHER_* variable: publisherName, publisherMasthead, … */
const PUBLISHER_CONTEXT: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(PUBLISHER_ENV).map(([field, name]) => [name, `publisher${field[0]?.toUpperCase() ?? ''}${field.slice(1)}`]),
);

/**
 * The whole registry in one stack: data (table, lookup key, log signing key, attachments), staff identity, four functions with
 * least-privilege roles, the REST API behind WAF, and the publication schedule.
 */
export class ShengmingStack extends Stack {
  readonly data: DataStores;
  readonly staff: StaffIdentity;
  readonly functions: Functions;
  readonly api: PublicApi;
  readonly address: PublicAddress;
  readonly firewall: Firewall;
  readonly schedule: PublisherSchedule;
  readonly bundleSweep: BundleSweep;
  readonly messaging: Messaging;
  readonly outbox: OutboxDelivery;
  readonly operations: Operations;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.data = new DataStores(this, 'Data');
    // Cognito with its managed login, or the OIDC issuer of `-c staffIssuer=… -c staffClientId=…` (always in AWS China).
    this.staff = new StaffIdentity(this, 'Staff', { issuer: staffIssuerFromContext(this) });
    // The log's origin line and the witnesses it accepts: `npx cdk deploy -c logOrigin=… -c logWitnesses="<vkey> <vkey>"`.
    const logIdentity = this.contextSettings({ LOG_ORIGIN: 'logOrigin', LOG_WITNESSES: 'logWitnesses' });
    // The newspaper (masthead, proofs, the log's signer): `-c publisherName=… -c publisherMasthead=… -c publisherAddress=…
    // -c publisherPhone=… [-c publisherWebsite=…]`, checked here so a bad one fails the synth, not a cold start.
    const publisherIdentity = this.contextSettings(PUBLISHER_CONTEXT);
    publisherIdentityFromEnvironment(publisherIdentity);
    this.messaging = new Messaging(this, 'Messaging');
    // How citizens pay the fee (account, WeChat/Alipay reference, the desk): `-c paymentInstructions="…"`.
    const { PAYMENT_INSTRUCTIONS: paymentInstructions } = this.contextSettings({ PAYMENT_INSTRUCTIONS: 'paymentInstructions' });
    this.functions = new Functions(this, 'Functions', {
      data: this.data,
      staff: this.staff,
      logIdentity,
      publisherIdentity,
      messaging: this.messaging,
      ...(paymentInstructions ? { paymentInstructions: paymentInstructions.trim() } : {}),
    });
    const { publisher, outbox, ...http } = this.functions.byName;
    this.api = new PublicApi(this, 'Api', { functions: http, staff: this.staff });
    // A custom domain (`-c domainName=… -c certificateArn=…`) serves the site at its root; else the stage URL does.
    this.address = new PublicAddress(this, 'Address', { api: this.api.api, stageName: STAGE_NAME, customDomain: customDomainFromContext(this) });
    for (const fn of Object.values(this.functions.byName)) fn.addEnvironment('PUBLIC_BASE_URL', this.address.url);
    this.staff.useConsoleAt(this.address.url);
    this.firewall = new Firewall(this, 'Firewall', { stage: this.api.stage });
    this.schedule = new PublisherSchedule(this, 'Publication', publisher);
    this.bundleSweep = new BundleSweep(this, 'BundleSweep', http.bundles);
    this.operations = new Operations(this, 'Operations', {
      httpFunctions: http,
      publisher,
      publisherDeadLetters: this.schedule.deadLetters,
      table: this.data.table,
      webAclMetricName: FIREWALL_METRIC_NAME,
    });
    this.outbox = new OutboxDelivery(this, 'Outbox', { table: this.data.table, consumer: outbox });

    new CfnOutput(this, 'ApiUrl', { value: this.api.api.url });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.operations.topic.topicArn, description: 'Subscribe to hear about alarms' });
  }

  /** Environment variables from the context keys the deployment set (`-c key=value`), the rest left out. */
  private contextSettings(keys: Readonly<Record<string, string>>): Record<string, string> {
    return Object.fromEntries(
      Object.entries(keys).flatMap(([name, key]) => {
        const value = contextString(this, key);
        return value === undefined ? [] : [[name, value]];
      }),
    );
  }
}
