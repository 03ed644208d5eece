import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { maskMobile } from '../shared/domain/mask.js';
import { maskedCopy } from '../shared/domain/masked-copy.js';
import { smsBodyOf, type OutboxChannel } from '../shared/domain/outbox.js';

/** Local stand-ins for SNS SMS and SES, outside every function's routes (as /_local/uploads stands in for S3). */
export const LOCAL_SMS_PATH = '/_local/sms';
export const LOCAL_MAIL_PATH = '/_local/mail';

export interface LocalSms {
  readonly id: string;
  /** Masked (138****5678): the outbox page is not a staff page. */
  readonly to: string;
  readonly text: string;
  readonly at: string;
}

export interface LocalMail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly at: string;
}

const smsFile = (dataDir: string) => join(dataDir, 'messages', 'sms.jsonl');
const mailDirectory = (dataDir: string) => join(dataDir, 'messages', 'mail');

/** The SMS "network" on this machine: each message is appended to `<dataDir>/messages/sms.jsonl`. */
export function localSmsChannel(dataDir: string): OutboxChannel {
  mkdirSync(join(dataDir, 'messages'), { recursive: true });
  return {
    deliver: async (message) => {
      const sms: LocalSms = { id: message.id, to: maskMobile(message.recipient), text: smsBodyOf(message).text, at: new Date().toISOString() };
      appendFileSync(smsFile(dataDir), `${JSON.stringify(sms)}\n`, { mode: 0o600 });
    },
  };
}

export function readLocalSms(dataDir: string): LocalSms[] {
  if (!existsSync(smsFile(dataDir))) return [];
  return readFileSync(smsFile(dataDir), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as LocalSms);
}

export interface LocalMailServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 that accepts every message and keeps it as an .eml file under
 * `<dataDir>/messages/mail`: what SES is in AWS, the outbox's e-mail channel talks to over SMTP here.
 */
export async function startLocalMailServer(dataDir: string, port = 0): Promise<LocalMailServer> {
  const directory = mailDirectory(dataDir);
  mkdirSync(directory, { recursive: true });
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received += 1;
        const name = `${Date.now()}-${String(received).padStart(6, '0')}.eml`;
        writeFileSync(join(directory, name), Buffer.concat(chunks), { mode: 0o600 });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  // Never what keeps the process alive: the HTTP server (npm start) or the test run does.
  server.server.unref();
  const address = server.server.address() as AddressInfo;
  return { port: address.port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Every message the local SMTP server has received, oldest first. */
export async function readLocalMail(dataDir: string): Promise<LocalMail[]> {
  const directory = mailDirectory(dataDir);
  if (!existsSync(directory)) return [];
  const names = readdirSync(directory).filter((name) => name.endsWith('.eml')).sort();
  return await Promise.all(
    names.map(async (name) => {
      const parsed = await simpleParser(readFileSync(join(directory, name)));
      const addresses = (value: typeof parsed.to) => (Array.isArray(value) ? value : value ? [value] : []).map((entry) => entry.text).join(', ');
      // Masked as the SMS outbox is (the mailbox page is not a staff page): an address may be a phone number at 163.com.
      return maskedCopy({ from: parsed.from?.text ?? '', to: addresses(parsed.to), subject: parsed.subject ?? '', text: parsed.text ?? '', at: (parsed.date ?? new Date()).toISOString() });
    }),
  );
}

/** The pages that show what was "sent": the SMS outbox and the mailbox, newest first (JSON with `?format=json`). */
export function localMessagesApp(dataDir: string): Hono {
  const app = new Hono();
  const page = (title: string, rows: ReturnType<typeof html>[]) =>
    html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:1rem auto;padding:0 1rem}article{border:1px solid #ccc;border-radius:.5rem;padding:.75rem;margin:.75rem 0}pre{white-space:pre-wrap;font:inherit;margin:.5rem 0 0}small{color:#555}</style></head>
<body><h1>${title}</h1><p><small>本机开发用：在 AWS 中由 SNS / SES 发送。</small></p>${rows.length ? rows : html`<p>暂无消息。</p>`}</body></html>`;
  app.get(LOCAL_SMS_PATH, (c) => {
    const messages = readLocalSms(dataDir).reverse();
    if (c.req.query('format') === 'json') return c.json(messages);
    return c.html(page('短信发件箱 (SMS outbox)', messages.map((sms) => html`<article class="sms"><small>${sms.at} → ${sms.to}</small><pre>${sms.text}</pre></article>`)));
  });
  app.get(LOCAL_MAIL_PATH, async (c) => {
    const messages = (await readLocalMail(dataDir)).reverse();
    if (c.req.query('format') === 'json') return c.json(messages);
    return c.html(
      page('邮件 (local SMTP)', messages.map((mail) => html`<article class="mail"><small>${mail.at} · ${mail.from} → ${mail.to}</small><h2>${mail.subject}</h2><pre>${mail.text}</pre></article>`)),
    );
  });
  return app;
}
