import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message as the test server received and parsed it. */
export interface ReceivedMail {
  readonly envelopeTo: readonly string[];
  readonly to: readonly string[];
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly messageId: string | undefined;
  readonly reference: string | undefined;
}

export type Refusal = 'permanent' | 'transient' | 'drop' | 'hang';

export interface TestSmtpServerOptions {
  /** `none`: plain only; `starttls`: offers STARTTLS; `tls`: TLS from the first byte. Default none. */
  readonly security?: 'none' | 'starttls' | 'tls';
  /** When given, AUTH is required and only these credentials pass. */
  readonly credentials?: { readonly user: string; readonly pass: string };
}

export interface TestSmtpServer {
  readonly port: number;
  readonly received: ReceivedMail[];
  /** The next RCPT is refused (550 / 451), or in the middle of DATA the connection is cut or the server goes quiet. */
  refuseNext(kind: Refusal): void;
  close(): Promise<void>;
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address ?? ''));

const headerText = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

const smtpError = (responseCode: number, message: string): Error =>
  Object.assign(new Error(message), { responseCode });

const listen = (
  server: { listen(port: number, host: string, cb: () => void): unknown },
  address: () => AddressInfo,
) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve(address().port)));

/** A real SMTP server (smtp-server) on 127.0.0.1 and a random port; every message is parsed with mailparser. */
export const startSmtpServer = async (
  options: TestSmtpServerOptions = {},
): Promise<TestSmtpServer> => {
  const received: ReceivedMail[] = [];
  const refusals: Refusal[] = [];
  const { security = 'none', credentials } = options;
  const server: SMTPServer = new SMTPServer({
    // smtp-server's own pre-generated localhost certificate: clients in tests must trust it explicitly.
    secure: security === 'tls',
    disabledCommands: [
      ...(security === 'none' ? ['STARTTLS'] : []),
      ...(credentials ? [] : ['AUTH']),
    ],
    authOptional: credentials === undefined,
    allowInsecureAuth: true,
    closeTimeout: 50,
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = auth.username === credentials?.user && auth.password === credentials?.pass;
      return ok
        ? callback(null, { user: auth.username })
        : callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      const refusal =
        refusals[0] === 'drop' || refusals[0] === 'hang' ? undefined : refusals.shift();
      if (refusal === 'permanent') return callback(smtpError(550, '5.1.1 No such mailbox here'));
      if (refusal === 'transient')
        return callback(smtpError(451, '4.3.0 Mailbox busy, try again later'));
      return address.address.endsWith('@refused.example')
        ? callback(smtpError(550, '5.1.1 Unknown user'))
        : callback();
    },
    onData(stream, session, callback) {
      if (refusals[0] === 'drop') {
        refusals.shift();
        // Cut the connection part-way through the message, as a crashing server would.
        stream.once('data', () =>
          [...server.connections].find((c) => c.session.id === session.id)?.close(),
        );
        stream.resume();
        return;
      }
      if (refusals[0] === 'hang') {
        refusals.shift();
        stream.resume(); // reads the message and never answers it
        return;
      }
      simpleParser(stream).then(
        (mail) => {
          received.push({
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            to: addresses(mail.to),
            from: addresses(mail.from)[0] ?? '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            messageId: mail.messageId,
            reference: headerText(mail.headers.get('x-consentry-reference')),
          });
          callback(null);
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
  // A client that gives up on our certificate is one of the cases under test, not a crash.
  server.on('error', () => undefined);
  const port = await listen(server, () => server.server.address() as AddressInfo);
  return {
    port,
    received,
    refuseNext: (kind) => void refusals.push(kind),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};

/** A TCP server that accepts connections and never says a word: an SMTP server that hangs. */
export const startSilentServer = async (): Promise<{ port: number; close(): Promise<void> }> => {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server, () => server.address() as AddressInfo);
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
};
