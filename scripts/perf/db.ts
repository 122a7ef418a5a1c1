import pg from "pg";

export interface Queryable {
  query<R extends Record<string, unknown>>(
    text: string,
    params?: unknown[],
  ): Promise<{ rows: R[] }>;
}

/**
 * The harness's own connection, which the Postgres restarts it causes break: each query that
 * fails on a broken connection reconnects and tries again, for at most `patienceMs`.
 */
export class ReconnectingDb implements Queryable {
  private client: pg.Client | null = null;

  private readonly url: string;
  private readonly patienceMs: number;

  constructor(url: string, patienceMs = 90_000) {
    this.url = url;
    this.patienceMs = patienceMs;
  }

  async query<R extends Record<string, unknown>>(text: string, params: unknown[] = []) {
    const deadline = Date.now() + this.patienceMs;
    for (;;) {
      try {
        const client = await this.connected();
        const result = await client.query(text, params);
        return { rows: result.rows as R[] };
      } catch (error) {
        // A SQL error is ours to see at once; only a lost connection is retried.
        if (error instanceof Error && "code" in error && !isConnectionError(error)) throw error;
        await this.drop();
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private async connected(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({ connectionString: this.url });
    client.on("error", () => {
      if (this.client === client) this.client = null;
    });
    await client.connect();
    this.client = client;
    return client;
  }

  private async drop() {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  close() {
    return this.drop();
  }
}

/** 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 08xxx connection. */
function isConnectionError(error: Error & { code?: unknown }) {
  const code = String(error.code);
  return code.startsWith("08") || code.startsWith("57P") || /^E[A-Z]+$/.test(code);
}
