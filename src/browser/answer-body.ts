import type { Response } from '@playwright/test';

/** What the browser handed over of an answer's body: the bytes, or why none came in time. */
export type AnswerBody = { body: Buffer } | { late: string };

/**
 * An answer's body, waited for `ms` at most: Chromium's `response.body()` never settles for a body
 * that never ends (a stream), and an answer not read whole is never a pass: the caller reports
 * `late` as unscanned. Redirects and downloads have no body here (a download is judged from its
 * file): an empty one, their headers still judged.
 */
export async function bodyWithin(response: Response, ms: number): Promise<AnswerBody> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    const body = await Promise.race([response.body(), late]);
    return body === undefined ? { late: `not received within ${ms} ms` } : { body };
  } catch {
    return { body: Buffer.alloc(0) };
  } finally {
    clearTimeout(timer);
  }
}
