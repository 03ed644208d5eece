import type { Transporter } from 'nodemailer';
import { emailBodyOf, PermanentDeliveryFailure, type OutboxChannel } from '../domain/outbox.js';
import { callDependency } from './errors.js';

export interface SmtpRelay {
  readonly host: string;
  readonly port: number;
  readonly from: string;
  /** The relay's user name and password, fetched on first delivery (a Secrets Manager secret in AWS); none locally. */
  readonly credentials?: () => Promise<{ readonly user: string; readonly pass: string }>;
}

/** SMTP reply codes 5xx (550 mailbox unavailable, 553 bad address…): the relay will never take this recipient. */
const isPermanentRejection = (error: unknown) =>
  error instanceof Error && typeof (error as Error & { responseCode?: unknown }).responseCode === 'number' && (error as Error & { responseCode: number }).responseCode >= 500;

/**
 * E-mail through an SMTP relay: the local mail server (npm start, tests) or, in AWS China where SES does not
 * exist, the newspaper's mail provider. Port 465 speaks TLS from the first byte; any other port upgrades with
 * STARTTLS when the relay offers it (and is required to on a relay with credentials).
 */
export function smtpEmailChannel(relay: SmtpRelay): OutboxChannel {
  let transport: Promise<Transporter> | undefined;
  const connect = async () => {
    // Loaded on first delivery: only a stack that sends by SMTP bundles nodemailer (infra/functions.ts).
    const { createTransport } = await import('nodemailer');
    const auth = relay.credentials ? await relay.credentials() : undefined;
    const secure = relay.port === 465;
    return createTransport({ host: relay.host, port: relay.port, secure, ...(auth ? { auth, requireTLS: !secure } : { ignoreTLS: true }) });
  };
  return {
    deliver: async (message) => {
      const body = emailBodyOf(message);
      const opened = (transport ??= connect());
      opened.catch(() => (transport = undefined));
      try {
        await callDependency('SMTP', async () =>
          (await opened).sendMail({ from: relay.from, to: message.recipient, subject: body.subject, text: body.text, messageId: `<${message.id}@shengming>` }),
        );
      } catch (error) {
        if (error instanceof Error && isPermanentRejection(error.cause)) throw new PermanentDeliveryFailure('rejected');
        throw error;
      }
    },
  };
}
