import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got, with what it checked about it. */
export interface ReceivedWebhook {
  eventId: string;
  signatureValid: boolean;
  timestamp: number;
  body: { id: string; type: string; sequence: number; organizationId: string; data: unknown };
  headers: IncomingMessage['headers'];
}

/**
 * A real HTTP receiver on loopback, as an application would run one: it verifies
 * `Tessera-Signature` itself (HMAC-SHA256 of "<t>.<body>" with the endpoint's secret) and answers
 * with whatever status `respond` picks, after `delayMs`.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  secret = '';
  respond: (hook: ReceivedWebhook) => number = () => 200;
  delayMs = 0;
  /** Event ids being answered right now, to catch one event sent twice at the same time. */
  readonly inFlight = new Set<string>();
  overlaps: string[] = [];
  private server: Server | undefined;

  static async start(port = 0): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await receiver.listen(port);
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hooks`;
  }

  async listen(port: number): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const hook = this.check(req, Buffer.concat(chunks).toString('utf8'));
        if (this.inFlight.has(hook.eventId)) this.overlaps.push(hook.eventId);
        this.inFlight.add(hook.eventId);
        this.received.push(hook);
        setTimeout(() => {
          this.inFlight.delete(hook.eventId);
          res.writeHead(this.respond(hook)).end('ok');
        }, this.delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  private check(req: IncomingMessage, raw: string): ReceivedWebhook {
    const header = String(req.headers['tessera-signature'] ?? '');
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    const timestamp = match ? Number(match[1]) : NaN;
    const expected = createHmac('sha256', this.secret).update(`${match?.[1]}.${raw}`).digest();
    const given = Buffer.from(match?.[2] ?? '', 'hex');
    return {
      eventId: String(req.headers['tessera-event-id'] ?? ''),
      signatureValid: given.length === 32 && timingSafeEqual(given, expected),
      timestamp,
      body: JSON.parse(raw),
      headers: req.headers,
    };
  }
}
