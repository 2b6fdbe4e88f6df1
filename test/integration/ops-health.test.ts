import { describe, expect, it } from '@jest/globals';
import supertest from 'supertest';
import type { DataSource } from 'typeorm';

import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/ops/logger.js';
import { Keyring } from '../../src/secrets/keyring.js';
import { FakeClock } from '../support/fake-clock.js';
import { createTestDatabase } from '../support/test-database.js';

function appOn(db: DataSource) {
  return createApp({
    db,
    logger: createLogger('silent'),
    clock: new FakeClock(),
    keyring: Keyring.generate(),
    publicUrl: 'http://localhost:3000',
  });
}

describe('health and readiness', () => {
  it('/healthz and /readyz are 200 with the database, /readyz 503 without', async () => {
    const database = await createTestDatabase();
    const app = appOn(database.db);
    const http = supertest(app);

    await http.get('/healthz').expect(200, { status: 'ok' });
    await http.get('/readyz').expect(200, { status: 'ready' });

    await database.drop();
    await http.get('/healthz').expect(200);
    await http.get('/readyz').expect(503, { status: 'unavailable' });
  });

  it('echoes a sane x-request-id and replaces an unsafe one', async () => {
    const database = await createTestDatabase();
    try {
      const app = appOn(database.db);
      const kept = await supertest(app).get('/healthz').set('x-request-id', 'lb-1234');
      expect(kept.headers['x-request-id']).toBe('lb-1234');
      const replaced = await supertest(app)
        .get('/healthz')
        .set('x-request-id', '<script>'.repeat(20));
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await database.drop();
    }
  });

  it('answers an unknown route with a JSON 404, not a stack trace', async () => {
    const database = await createTestDatabase();
    try {
      const app = appOn(database.db);
      await supertest(app)
        .get('/nope')
        .expect(404, { error: 'not_found', message: 'no such route' });
    } finally {
      await database.drop();
    }
  });
});
