/**
 * oidc-provider's storage for the test peer: one in-memory map per model. Clients are registered
 * through it too, so a test can add a client (one per organization) after the OP started.
 */
type Payload = Record<string, unknown>;

interface Entry {
  payload: Payload;
  expiresAt: number | null;
}

export class MemoryStore {
  private readonly models = new Map<string, Map<string, Entry>>();

  model(name: string): Map<string, Entry> {
    let entries = this.models.get(name);
    if (!entries) {
      entries = new Map();
      this.models.set(name, entries);
    }
    return entries;
  }

  /** The class oidc-provider instantiates once per model name. */
  adapterClass() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const store = this;
    return class MemoryAdapter {
      private readonly entries: Map<string, Entry>;

      constructor(name: string) {
        this.entries = store.model(name);
      }

      async upsert(id: string, payload: Payload, expiresIn?: number) {
        const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : null;
        this.entries.set(id, { payload: { ...payload }, expiresAt });
      }

      async find(id: string) {
        const entry = this.entries.get(id);
        if (!entry) return undefined;
        if (entry.expiresAt !== null && entry.expiresAt < Date.now()) return undefined;
        return { ...entry.payload };
      }

      async findByUid(uid: string) {
        for (const [id, entry] of this.entries) {
          if (entry.payload.uid === uid) return this.find(id);
        }
        return undefined;
      }

      async findByUserCode(userCode: string) {
        for (const [id, entry] of this.entries) {
          if (entry.payload.userCode === userCode) return this.find(id);
        }
        return undefined;
      }

      async consume(id: string) {
        const entry = this.entries.get(id);
        if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
      }

      async destroy(id: string) {
        this.entries.delete(id);
      }

      async revokeByGrantId(grantId: string) {
        for (const [id, entry] of this.entries) {
          if (entry.payload.grantId === grantId) this.entries.delete(id);
        }
      }
    };
  }
}
