import { type Config, type Env, loadConfig } from "./config/env.ts";
import { type Database, type DatabaseHandle, openDatabase } from "./db/client.ts";
import { createIntercomClient, type IntercomClient } from "./intercom/client.ts";
import { durableGate } from "./intercom/gate/durable-gate.ts";
import type { IntercomGateObject } from "./intercom/gate/durable-object.ts";
import type { OutboxMessage } from "./outbox/accept.ts";
import { type Clock, systemClock } from "./shared/clock.ts";
import { errorMessage } from "./shared/errors.ts";
import { createLogger, type Logger } from "./shared/logger.ts";
import { createMeter, logInvocation } from "./shared/meter.ts";
import { meteredFetch, meteredNamespace, meteredQueue } from "./shared/metered.ts";
import type { SyncMessage } from "./sync/messages.ts";
import type { WebhookMessage } from "./webhooks/messages.ts";

/** Everything one invocation (request, cron run, queue batch) works with. */
export interface Services {
  config: Config;
  clock: Clock;
  logger: Logger;
  /** Opened on first use: the webhook receiver answers without touching Postgres. */
  db(): Database;
  /**
   * The Intercom client, or null while INTERCOM_ACCESS_TOKEN is not configured. With
   * `observe`, a client of its own that reports each response's status (per-message counts).
   */
  intercom(observe?: (status: number) => void): IntercomClient | null;
  queues: {
    webhooks: Queue<WebhookMessage>;
    outbox: Queue<OutboxMessage>;
    sync: Queue<SyncMessage>;
  };
  /** The rate-limit gate's Durable Object namespace (its calls are subrequests). */
  gates: DurableObjectNamespace<IntercomGateObject>;
  /** fetch for anything outside Intercom's client (Slack): counted against the limits. */
  fetch: typeof fetch;
  /** Names what this invocation turned out to be, e.g. the kind of run a finish slice was. */
  describe(detail: string): void;
  /** Ends the database pool, if one was opened, and logs the invocation's figures. */
  close(): Promise<void>;
}

/**
 * What the invocation is, for its meter line: `fetch:POST /v1/...` (the route's pattern),
 * `cron:<expression>`, `queue:<name>/<message kinds>`. Read when the invocation ends.
 */
export type InvocationName = () => string;

export function createServices(
  env: Env,
  invocation: Record<string, unknown> = {},
  name: InvocationName = () => "unnamed",
): Services {
  const config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL, invocation);
  // Every subrequest of the invocation goes through what is handed out below, so the meter
  // sees them all: Cloudflare counts them per invocation, and locally nothing else does.
  const meter = createMeter();
  const fetcher = meteredFetch(meter);
  const gates = meteredNamespace(meter, config.INTERCOM_GATE);
  const details: string[] = [];
  let handle: DatabaseHandle | undefined;
  let client: IntercomClient | undefined;
  let closed = false;
  return {
    config,
    clock: systemClock,
    logger,
    db() {
      handle ??= openDatabase(
        config.DATABASE_URL,
        config.NEON_WS_PROXY,
        (error) => logger.debug("database connection closed", { error: errorMessage(error) }),
        {
          opened: () => {
            meter.count("db_connections");
            meter.opened();
          },
          closed: () => meter.closed(),
        },
      );
      return handle.db;
    },
    intercom(observe) {
      const token = config.INTERCOM_ACCESS_TOKEN;
      if (!token) return null;
      const options = {
        baseUrl: config.INTERCOM_API_BASE,
        token,
        gate: durableGate(gates, config.INTERCOM_WORKSPACE_ID),
        fetch: fetcher,
      };
      if (observe) return createIntercomClient({ ...options, observe });
      client ??= createIntercomClient(options);
      return client;
    },
    queues: {
      webhooks: meteredQueue(meter, config.WEBHOOK_QUEUE as Queue<WebhookMessage>),
      outbox: meteredQueue(meter, config.OUTBOX_QUEUE as Queue<OutboxMessage>),
      sync: meteredQueue(meter, config.SYNC_QUEUE as Queue<SyncMessage>),
    },
    gates,
    fetch: fetcher,
    describe(detail) {
      if (!details.includes(detail)) details.push(detail);
    },
    async close() {
      const open = handle;
      handle = undefined;
      await open?.end().catch(() => {});
      // Once per invocation, even if an edge closes twice.
      if (closed) return;
      closed = true;
      const kind = [name(), ...details].join(".");
      logInvocation(logger, kind, meter.figures());
    },
  };
}
