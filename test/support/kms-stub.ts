import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface KmsStub {
  /** For AWS_ENDPOINT_URL_KMS. */
  readonly endpoint: string;
  /** The operations asked for, in order (`Sign`, `GetPublicKey`). */
  readonly calls: readonly string[];
  close(): Promise<void>;
}

/**
 * The two KMS operations the log signer uses (GetPublicKey, Sign with ED25519_SHA_512 over the raw message), over
 * KMS's own JSON 1.1 protocol, with one Ed25519 key: a bundle's KMS client talks to it as to KMS.
 */
export async function startKmsStub(): Promise<KmsStub> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const calls: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const operation = String(request.headers['x-amz-target'] ?? '').replace(/^TrentService\./, '');
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { KeyId?: string; Message?: string };
      calls.push(operation);
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(body));
      };
      if (operation === 'GetPublicKey') {
        const der = publicKey.export({ type: 'spki', format: 'der' });
        return answer(200, { KeyId: input.KeyId, PublicKey: der.toString('base64'), KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: ['ED25519_SHA_512'] });
      }
      if (operation === 'Sign') {
        const signature = sign(null, Buffer.from(input.Message ?? '', 'base64'), privateKey);
        return answer(200, { KeyId: input.KeyId, Signature: signature.toString('base64'), SigningAlgorithm: 'ED25519_SHA_512' });
      }
      return answer(400, { __type: 'UnsupportedOperationException', message: operation });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, calls, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
