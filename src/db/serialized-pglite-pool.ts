import { PGliteDriver } from 'typeorm-pglite';

/**
 * typeorm-pglite hands every caller the same single PGlite session. Two requests could then run
 * statements inside each other's transaction, so a rollback would undo a neighbour's write. This
 * pool lends that session to one caller at a time: TypeORM takes a connection for each query or
 * transaction and releases it afterwards, which makes the lease a mutex.
 */
type Callback = (error: unknown, client: unknown, release: () => void) => void;

interface PoolLike {
  connect(callback: Callback): Promise<void>;
  query(sql: string, params?: unknown[], callback?: unknown): Promise<unknown>;
  end(callback: (error: unknown) => void): void;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

/** Builds the `driver` object TypeORM's postgres driver expects, around a serialized pool. */
export function createSerializedPGliteDriver(
  options: ConstructorParameters<typeof PGliteDriver>[0],
) {
  const BasePool = new PGliteDriver(options).driver.Pool as unknown as new () => PoolLike;

  class SerializedPool extends BasePool {
    private queue: Promise<void> = Promise.resolve();

    override async connect(callback: Callback): Promise<void> {
      let release!: () => void;
      const turn = new Promise<void>((resolve) => (release = resolve));
      const previous = this.queue;
      this.queue = previous.then(() => turn);
      await previous;

      let released = false;
      const releaseOnce = () => {
        if (!released) {
          released = true;
          release();
        }
      };
      await super.connect((error, client) => callback(error, client, releaseOnce));
      // TypeORM never releases a connection that failed to open; free the turn ourselves.
      // (super.connect reports failure through the callback, after which nobody holds it.)
    }
  }

  return { Pool: SerializedPool };
}
