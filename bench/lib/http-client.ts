// A tiny cookie-keeping HTTP client for the benchmarks, on node:http rather than fetch: it costs
// the load generator less CPU (on a 2-core machine it shares the cores with the server it measures),
// it keeps its connection alive like a phone's browser, and it tells a timeout from a refused
// connection, which the rush must count apart from answers.
import http from 'node:http';

export type Answer = {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  ms: number;
  text: string;
  location: string | null;
};

export type Fields = Record<string, string | readonly string[]>;

/** No answer at all: the request timed out or the connection failed. Distinct from any HTTP status. */
export class NoAnswer extends Error {
  constructor(
    readonly kind: 'timeout' | 'connection',
    readonly what: string,
    detail: string,
  ) {
    super(`${what}: ${kind} (${detail})`);
    this.name = 'NoAnswer';
  }
}

class StaleConnection extends Error {
  constructor(readonly noAnswer: NoAnswer) {
    super(noAnswer.message);
  }
}

export type ClientOptions = {
  ip?: string;
  timeoutMs?: number;
  /** performance.now() after which no request waits any longer: bounds a test against a locked-up server. */
  deadline?: number;
};

/**
 * One browser: its own keep-alive connection, its own cookies, and — the server trusting loopback
 * as its proxy — its own client address in X-Forwarded-For.
 */
export class Client {
  private readonly cookies = new Map<string, string>();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly base: URL;
  private readonly timeoutMs: number;
  /** How many requests had to be sent again because a kept-alive connection had been closed. */
  reconnects = 0;

  constructor(
    base: string,
    private readonly options: ClientOptions = {},
  ) {
    this.base = new URL(base);
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  get(path: string, headers: http.OutgoingHttpHeaders = {}): Promise<Answer> {
    return this.request('GET', path, undefined, headers);
  }

  post(path: string, fields: Fields, headers: http.OutgoingHttpHeaders = {}): Promise<Answer> {
    return this.request('POST', path, formBody(fields), {
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    });
  }

  /**
   * A request on a kept-alive connection that the server closed as it went out (its idle timeout,
   * 5 s in Node, against a student who waited 10 s after a 503) is reset before the server read
   * it. Browsers send such a request again on a new connection, and so does this client, once;
   * `reconnects` counts it. Any other reset is no answer.
   */
  async request(method: string, path: string, body?: string, extra: http.OutgoingHttpHeaders = {}): Promise<Answer> {
    try {
      return await this.attempt(method, path, body, extra);
    } catch (error) {
      if (!(error instanceof StaleConnection)) throw error;
      this.reconnects += 1;
      return this.attempt(method, path, body, extra).catch((again: unknown) => {
        throw again instanceof StaleConnection ? again.noAnswer : again;
      });
    }
  }

  private attempt(
    method: string,
    path: string,
    body: string | undefined,
    extra: http.OutgoingHttpHeaders,
  ): Promise<Answer> {
    const headers: http.OutgoingHttpHeaders = { ...extra, cookie: this.cookieHeader() };
    if (this.options.ip) headers['x-forwarded-for'] = this.options.ip;
    if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
    const what = `${method} ${path}`;
    const start = performance.now();
    return new Promise((resolve, reject) => {
      let answered = false;
      const req = http.request(
        { host: this.base.hostname, port: this.base.port, method, path, headers, agent: this.agent },
        (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => fail(new NoAnswer('connection', what, error.message)));
          res.on('end', () => {
            clearTimeout(timer);
            this.keepCookies(res.headers['set-cookie']);
            const bytes = Buffer.concat(chunks);
            const location = typeof res.headers.location === 'string' ? res.headers.location : null;
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: bytes,
              ms: performance.now() - start,
              location,
              get text() {
                return bytes.toString('utf8');
              },
            });
          });
        },
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        req.destroy();
        reject(error);
      };
      const waitMs = Math.max(0, Math.min(this.timeoutMs, (this.options.deadline ?? Infinity) - start));
      const timer = setTimeout(
        () =>
          fail(
            new NoAnswer(
              'timeout',
              what,
              `no answer within ${Math.round(waitMs)} ms${waitMs < this.timeoutMs ? ' (the deadline)' : ''}`,
            ),
          ),
        waitMs,
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        const noAnswer = new NoAnswer('connection', what, error.message);
        const stale = req.reusedSocket && !answered && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
        fail(stale ? new StaleConnection(noAnswer) : noAnswer);
      });
      req.end(body);
    });
  }

  /** Whether the server has given this browser a cookie (a session) yet. */
  hasCookies(): boolean {
    return this.cookies.size > 0;
  }

  close(): void {
    this.agent.destroy();
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keepCookies(setCookie: string[] | undefined): void {
    for (const line of setCookie ?? []) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (!value || /;\s*max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

function formBody(fields: Fields): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const one of typeof value === 'string' ? [value] : value) body.append(name, one);
  }
  return body.toString();
}

/** The CSRF token a page hands to its forms (the first one, or the one in the form posting to `action`). */
export function csrfTokenOf(html: string, action?: string): string | null {
  const scope = action ? (formHtml(html, action) ?? '') : html;
  return /name="_csrf" value="([^"]+)"/.exec(scope)?.[1] ?? null;
}

/** The HTML of the form whose action is `action`, or null. */
export function formHtml(html: string, action: string): string | null {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) return null;
  const end = html.indexOf('</form>', start);
  return html.slice(start, end < 0 ? undefined : end);
}

/** Every hidden field of a form, in order, as a browser would send them back. */
export function hiddenFields(formHtmlText: string): Array<[string, string]> {
  return [...formHtmlText.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, name, value]) => [
    name,
    decodeEntities(value),
  ]);
}

const decodeEntities = (value: string) =>
  value
    .replace(/&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
