import { neonConfig, Pool, type PoolClient } from "@neondatabase/serverless";
import { drizzle, type NeonDatabase } from "drizzle-orm/neon-serverless";
import { POSTGRES_CONNECTIONS } from "../shared/connections.ts";
import * as schema from "./schema/index.ts";

export type Database = NeonDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Either the database or an open transaction: domain writes accept both. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  end(): Promise<void>;
}

/** Told of each connection the pool opens and removes: the invocation's meter counts them. */
interface ConnectionObserver {
  opened(): void;
  closed(): void;
}

/**
 * Opens a pool for one invocation. Workers cannot reuse a socket across requests, so the pool
 * is created per request, cron run or queue batch and ended before the invocation finishes.
 */
export function openDatabase(
  url: string,
  wsProxy: string | undefined,
  onError: (error: unknown) => void,
  observer?: ConnectionObserver,
): DatabaseHandle {
  if (wsProxy) {
    // Local relay (scripts/dev/relay.ts) speaks plain ws and no TLS to a local Postgres.
    neonConfig.wsProxy = wsProxy;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
  // A connection that cannot be opened fails within seconds instead of holding the invocation:
  // a queue batch waiting on it would hold every later batch of its queue behind it. One
  // socket: the invocation's six connections are shared out in src/shared/connections.ts.
  const pool = new Pool({
    connectionString: url,
    max: POSTGRES_CONNECTIONS,
    connectionTimeoutMillis: 10_000,
  });
  // The driver never closes its socket after Terminate; the server's hang-up then surfaces as a
  // late "Network connection lost" on the pool, which must not become an uncaught error.
  pool.on("error", onError);
  // A client a transaction holds between statements has no query to fail when the server ends
  // its connection (a Postgres restart): the driver emits that error on the client, uncaught.
  pool.on("connect", (client: PoolClient) => {
    client.on("error", onError);
    observer?.opened();
  });
  if (observer) pool.on("remove", () => observer.closed());
  return { db: drizzle({ client: pool, schema }), end: () => pool.end() };
}
