import { createRequire } from 'node:module';
import type * as ClientSesV2 from '@aws-sdk/client-sesv2';
import type * as ClientSns from '@aws-sdk/client-sns';
import { emailBodyOf, PermanentDeliveryFailure, smsBodyOf, type OutboxChannel } from '../domain/outbox.js';

// Loaded on first delivery, as sdk.ts does for DynamoDB: a plain require() of the SDK's CommonJS entry.
const require = createRequire(import.meta.url);

/** Errors the providers give for a recipient they will never accept: retrying cannot help. */
const PERMANENT_ERRORS = new Set(['InvalidParameterException', 'InvalidParameterValueException', 'BadRequestException', 'MessageRejected']);

function permanentOr(error: unknown): unknown {
  return error instanceof Error && PERMANENT_ERRORS.has(error.name) ? new PermanentDeliveryFailure(error.name) : error;
}

/**
 * SMS through Amazon SNS direct publish to a phone number (E.164, +86 for mainland numbers), sent as
 * transactional so that carriers deliver it promptly.
 */
export function snsSmsChannel(options: { senderId?: string } = {}): OutboxChannel {
  let client: ClientSns.SNSClient | undefined;
  return {
    deliver: async (message) => {
      const { SNSClient, PublishCommand } = require('@aws-sdk/client-sns') as typeof ClientSns;
      client ??= new SNSClient({ maxAttempts: 2 });
      const body = smsBodyOf(message);
      try {
        await client.send(
          new PublishCommand({
            PhoneNumber: message.recipient.startsWith('+') ? message.recipient : `+86${message.recipient}`,
            Message: body.text,
            MessageAttributes: {
              'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
              ...(options.senderId ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: options.senderId } } : {}),
            },
          }),
        );
      } catch (error) {
        throw permanentOr(error);
      }
    },
  };
}

/** E-mail through Amazon SES (v2 API) from a verified identity. */
export function sesEmailChannel(options: { from: string }): OutboxChannel {
  let client: ClientSesV2.SESv2Client | undefined;
  return {
    deliver: async (message) => {
      const { SESv2Client, SendEmailCommand } = require('@aws-sdk/client-sesv2') as typeof ClientSesV2;
      client ??= new SESv2Client({ maxAttempts: 2 });
      const body = emailBodyOf(message);
      try {
        await client.send(
          new SendEmailCommand({
            FromEmailAddress: options.from,
            Destination: { ToAddresses: [message.recipient] },
            Content: {
              Simple: {
                Subject: { Data: body.subject, Charset: 'UTF-8' },
                Body: { Text: { Data: body.text, Charset: 'UTF-8' } },
              },
            },
          }),
        );
      } catch (error) {
        throw permanentOr(error);
      }
    },
  };
}
