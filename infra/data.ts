import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership, type BucketProps } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { TABLE_INDEXES, TABLE_KEYS } from '../shared/store/table-definition.js';

const string = (name: string) => ({ name, type: AttributeType.STRING });

/** Settings every bucket of the stack shares: private, TLS only, owner-enforced, kept on stack deletion. */
const PRIVATE_BUCKET: BucketProps = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  // SSE-S3: server access logs can only be delivered to SSE-S3 buckets, and one scheme for both keeps it simple.
  encryption: BucketEncryption.S3_MANAGED,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
  removalPolicy: RemovalPolicy.RETAIN,
};

/** Where the registry keeps its data: the table, the lookup-hash key, the log's signing key and the proof attachments. */
export class DataStores extends Construct {
  readonly table: Table;
  readonly lookupKey: Secret;
  readonly formSealKey: Secret;
  /** Seals the staff console's session cookies (moderation only). */
  readonly staffSessionKey: Secret;
  /** Seals watches' webhook signing secrets (partners seals them, the outbox opens them to sign). */
  readonly webhookSealKey: Secret;
  /** Signs the transparency log's checkpoints (Ed25519); the private key never leaves KMS. */
  readonly logKey: Key;
  readonly attachments: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    // Built from the same definition as the local tables (shared/store/table-definition.ts).
    this.table = new Table(this, 'Table', {
      partitionKey: string(TABLE_KEYS.partitionKey),
      sortKey: string(TABLE_KEYS.sortKey),
      timeToLiveAttribute: TABLE_KEYS.timeToLive,
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Keys only: the outbox consumer reads the item itself (consistently), so no data travels in the stream.
      stream: StreamViewType.KEYS_ONLY,
    });
    for (const index of TABLE_INDEXES) {
      // Sparse: only items that carry the index keys (declarations waiting for a decision) are in it.
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: string(index.partitionKey),
        sortKey: string(index.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }

    this.lookupKey = new Secret(this, 'LookupKey', {
      description: 'HMAC key for the keyed hashes under which certificate numbers are looked up',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.lookupKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Every stored lookup hash (the keys of the PUB# verification index) is an HMAC under this key; rotating it ' +
        'would make every published notice unfindable until all of them were re-hashed. The key never leaves the ' +
        'three functions allowed to read it (moderation, publisher, verify); re-keying is a planned migration, not a rotation.',
    });

    this.formSealKey = new Secret(this, 'FormSealKey', {
      description: 'AES-GCM key sealing the ID and phone numbers a filing form keeps across a round trip (30 minutes)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(this.formSealKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A sealed form value lives 30 minutes and is bound to one form; replacing the key only makes open forms ask ' +
        'for the number again, so the key is replaced by redeploying the secret rather than by a rotation Lambda.',
    });

    this.staffSessionKey = new Secret(this, 'StaffSessionKey', {
      description: "AES-GCM key sealing the staff console's session cookies (the identity provider's tokens, 12 hours)",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(this.staffSessionKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A sealed session holds tokens the function verifies again on every request and lives at most 12 hours; replacing ' +
        'the key only signs staff out, so it is replaced by redeploying the secret rather than by a rotation Lambda.',
    });

    this.webhookSealKey = new Secret(this, 'WebhookSealKey', {
      description: "AES-GCM key sealing watches' webhook signing secrets (Standard Webhooks), kept until a watch ends",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.webhookSealKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Every stored watch keeps its signing secret sealed under this key; rotating it would make every watch unable to ' +
        'sign until re-sealed. Only partners (sealing) and outbox (opening) read it; re-keying is a planned migration.',
    });

    this.logKey = new Key(this, 'LogSigningKey', {
      description: 'Signs the public transparency log checkpoints (C2SP signed notes, pure Ed25519)',
      keySpec: KeySpec.ECC_NIST_EDWARDS25519,
      keyUsage: KeyUsage.SIGN_VERIFY,
      // Every checkpoint ever printed in a QR code is checked against this key: losing it would orphan them.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const accessLogs = new Bucket(this, 'AccessLogs', {
      ...PRIVATE_BUCKET,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket is the server access log destination itself; logging it to itself would loop.',
    });

    this.attachments = new Bucket(this, 'Attachments', {
      ...PRIVATE_BUCKET,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'attachments/',
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { noncurrentVersionExpiration: Duration.days(30) },
        // Proofs are needed for moderation and later disputes; they are personal data, so they do not live forever.
        { expiration: Duration.days(3 * 365) },
      ],
      // Browsers post the proof straight to S3 with a form the filing function signed; the signature, not the
      // origin, is what authorizes an upload.
      cors: [{ allowedMethods: [HttpMethods.POST], allowedOrigins: ['*'], allowedHeaders: ['*'], maxAge: 3600 }],
    });
  }
}
