import type { OutboxChannel } from '../../shared/domain/outbox.js';
import { requiredEnv } from '../../shared/http/env.js';
import { sesEmailChannel, snsSmsChannel } from '../../shared/store/aws-messaging.js';
import { readSecretString } from '../../shared/store/secrets-manager.js';
import { smtpEmailChannel } from '../../shared/store/smtp-messaging.js';

/** The relay's credentials secret: `{"username": "…", "password": "…"}` (infra/messaging.ts creates it). */
async function relayCredentials(secretId: string): Promise<{ user: string; pass: string }> {
  const { username, password } = JSON.parse(await readSecretString(secretId)) as { username?: unknown; password?: unknown };
  if (typeof username !== 'string' || typeof password !== 'string') throw new Error('the SMTP credentials secret needs username and password');
  return { user: username, pass: password };
}

/**
 * The channels the stack configured (infra/messaging.ts): e-mail by SES, an SMTP relay or not at all, SMS by SNS
 * or not at all. A channel that is off is absent, so its messages are dead-lettered as `no_channel` (visible in the
 * outbox, never retried) rather than failing again every minute.
 */
export function channelsFromEnvironment(env: Record<string, string | undefined> = process.env): Record<string, OutboxChannel> {
  const from = requiredEnv('MAIL_FROM', env);
  const mail = env.MAIL_TRANSPORT ?? 'ses';
  const sms = env.SMS_TRANSPORT ?? 'sns';
  const channels: Record<string, OutboxChannel> = {};
  if (sms === 'sns') channels.sms = snsSmsChannel(env.SMS_SENDER_ID ? { senderId: env.SMS_SENDER_ID } : {});
  if (mail === 'ses') channels.email = sesEmailChannel({ from });
  if (mail === 'smtp') {
    const secretId = requiredEnv('SMTP_SECRET_ARN', env);
    channels.email = smtpEmailChannel({
      host: requiredEnv('SMTP_HOST', env),
      port: Number(requiredEnv('SMTP_PORT', env)),
      from,
      credentials: () => relayCredentials(secretId),
    });
  }
  return channels;
}
