import type { Response } from 'express';

import type { Logger } from '../../ops/logger.js';

/**
 * Writes each page as JSON lines, waiting for the socket to drain before reading the next page
 * from the database, and stops reading when the client goes away. A failure after the first
 * byte cannot become an error body any more: the response is cut short, so the client sees an
 * incomplete download rather than a complete-looking one, and the detail goes to the log.
 */
export async function streamJsonLines(
  res: Response,
  pages: AsyncGenerator<unknown[]>,
  log: { logger: Logger; requestId: string },
): Promise<void> {
  res.flushHeaders();
  try {
    for await (const page of pages) {
      if (res.destroyed) return;
      const chunk = page.map((item) => `${JSON.stringify(item)}\n`).join('');
      if (!res.write(chunk)) await drained(res);
    }
    res.end();
  } catch (e: unknown) {
    log.logger.error({ err: e, requestId: log.requestId }, 'export stream failed');
    res.destroy();
  }
}

function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
