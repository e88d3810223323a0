import { Writable } from 'node:stream';
import { createLogger, scrub } from './logging.js';

const capture = () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
};

describe('log redaction', () => {
  it('scrubs e-mail addresses, UK mobiles, NHS numbers and 6-digit codes from text', () => {
    const text = scrub(
      'to alice@example.org / +447700900123 / 07700 900123 nhs 9434765919 code 123456 port 3000',
    );
    expect(text).toBe('to [email] / [phone] / [phone] nhs [nhs-number] code [digits] port 3000');
  });

  it('redacts bodies and query strings and scrubs messages and nested fields', () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    logger.info(
      {
        body: { code: '654321' },
        query: { patient: '9434765919' },
        detail: { to: 'bob@example.org' },
      },
      'sent 654321 to +447700900456',
    );
    const out = lines.join('');
    for (const secret of ['654321', '9434765919', 'bob@example.org', '+447700900456'])
      expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });
});
