import http from 'node:http';

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * A browser on one local address (127.0.0.x): keeps every cookie it is given, as a real one
 * does, so tests can sign in from many addresses, or keep a device cookie, as an attacker
 * or a user would.
 */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly base: string,
    readonly address = '127.0.0.1',
  ) {}

  request(
    method: string,
    url: string,
    options: { headers?: Record<string, string>; body?: string } = {},
  ): Promise<Answer> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return new Promise((resolve, reject) => {
      const request = http.request(
        `${this.base}${url}`,
        {
          method,
          localAddress: this.address,
          agent: false,
          headers: { ...(cookie === '' ? {} : { cookie }), ...options.headers },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            for (const set of response.headers['set-cookie'] ?? []) {
              const [pair] = set.split(';');
              const [name, ...rest] = pair!.split('=');
              const value = rest.join('=');
              if (value === '') this.cookies.delete(name!);
              else this.cookies.set(name!, value);
            }
            const headers = Object.fromEntries(
              Object.entries(response.headers).map(([k, v]) => [
                k,
                Array.isArray(v) ? v.join(', ') : (v ?? ''),
              ]),
            );
            resolve({
              status: response.statusCode ?? 0,
              headers,
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
        },
      );
      request.on('error', reject);
      request.end(options.body);
    });
  }

  get(url: string): Promise<Answer> {
    return this.request('GET', url);
  }

  /** Fetches the form page for a fresh form token, then posts the form with it. */
  async post(url: string, form: Record<string, string>, from = url): Promise<Answer> {
    const page = await this.get(from);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (token === undefined) throw new Error(`no form token on ${from} (status ${page.status})`);
    return this.request('POST', url, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form, _csrf: token }).toString(),
    });
  }
}
