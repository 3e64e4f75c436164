// A form whose body is still on its way: admission takes its place before the body is read, so it
// holds that place for as long as a test likes — a deterministic "busy" without racing a timer.
import http from 'node:http';

export type SlowForm = { send(): Promise<number> };

/** Starts a urlencoded POST to `url`, sends a first part of its body, and finishes it on send(). */
export function startSlowForm(url: string, headers: Record<string, string> = {}): SlowForm {
  const body = `q=${'x'.repeat(98)}`;
  const request = http.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length), ...headers },
  });
  const answered = new Promise<number>((resolve, reject) => {
    request
      .on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
  request.write(body.slice(0, 10));
  return {
    send: () => {
      request.end(body.slice(10));
      return answered;
    },
  };
}

/** Resolves once `condition` holds, checking every few milliseconds. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
