import { type Config, type Env, loadConfig } from "./config/env.ts";
import { type Database, type DatabaseHandle, openDatabase } from "./db/client.ts";
import { createIntercomClient, type IntercomClient } from "./intercom/client.ts";
import type { BatchedGate } from "./intercom/gate/batched-gate.ts";
import { durableGate } from "./intercom/gate/durable-gate.ts";
import type { IntercomGateObject } from "./intercom/gate/durable-object.ts";
import type { OutboxMessage } from "./outbox/messages.ts";
import { type Clock, systemClock } from "./shared/clock.ts";
import { createSlots, INTERCOM_CONNECTIONS, type Slots } from "./shared/connections.ts";
import { errorMessage } from "./shared/errors.ts";
import { createLogger, type Logger } from "./shared/logger.ts";
import { createMeter, logInvocation } from "./shared/meter.ts";
import { meteredFetch, meteredNamespace, meteredQueue } from "./shared/metered.ts";
import type { SyncMessage } from "./sync/messages.ts";
import { syncQueue } from "./sync/queue.ts";
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
   * Every client of the invocation takes its connections from `intercomConnections`.
   */
  intercom(observe?: (status: number) => void): IntercomClient | null;
  /** Intercom's share of this invocation's outbound connections (src/shared/connections.ts). */
  intercomConnections: Slots;
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
  /**
   * Ends the database pool, if one was opened, reports to the rate-limit gate what this
   * invocation's calls have not yet reported (their outcomes, the permits not used), and logs
   * the invocation's figures. Never throws.
   */
  close(): Promise<void>;
}

/**
 * What the invocation is, for its meter line: `fetch:POST /v1/...` (the route's pattern),
 * `cron:<expression>`, `queue:<name>/<message kinds>`. Read when the invocation ends.
 */
type InvocationName = () => string;

/** How long the gate's last report may hold up the end of an invocation. */
const GATE_FLUSH_MS = 2_000;

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
  // One per invocation, shared by every client made here: its permits and pending outcomes
  // are this invocation's, and close() settles them.
  let gate: BatchedGate | undefined;
  const intercomConnections = createSlots(INTERCOM_CONNECTIONS);
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
      gate ??= durableGate(gates, config.INTERCOM_WORKSPACE_ID);
      const options = {
        baseUrl: config.INTERCOM_API_BASE,
        token,
        gate,
        // The metered fetch runs inside the limiter's slot (src/intercom/http.ts), so what the
        // meter counts as open is what the limiter guards.
        fetch: fetcher,
        connections: intercomConnections,
      };
      if (observe) return createIntercomClient({ ...options, observe });
      client ??= createIntercomClient(options);
      return client;
    },
    intercomConnections,
    queues: {
      webhooks: meteredQueue(meter, config.WEBHOOK_QUEUE as Queue<WebhookMessage>),
      outbox: meteredQueue(meter, config.OUTBOX_QUEUE as Queue<OutboxMessage>),
      sync: syncQueue(
        meteredQueue(meter, config.SYNC_QUEUE as Queue<SyncMessage>),
        meteredQueue(meter, config.COMPANY_SCROLL_QUEUE as Queue<SyncMessage>),
      ),
    },
    gates,
    fetch: fetcher,
    describe(detail) {
      if (!details.includes(detail)) details.push(detail);
    },
    async close() {
      const open = handle;
      handle = undefined;
      await Promise.all([open?.end().catch(() => {}), flushGate(gate, logger)]);
      // Once per invocation, even if an edge closes twice; after the flush, whose exchange
      // is one of the invocation's subrequests.
      if (closed) return;
      closed = true;
      const kind = [name(), ...details].join(".");
      logInvocation(logger, kind, meter.figures());
    },
  };
}

/**
 * Best effort: what is lost if it fails is the gate's view of a few calls (corrected by the next
 * answer's headers) and unused permits (back with the next window), never worth failing or
 * holding the invocation for.
 */
async function flushGate(gate: BatchedGate | undefined, logger: Logger): Promise<void> {
  if (!gate) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      logger.warn("rate-limit gate not told the last calls' outcomes: no answer in time");
      resolve();
    }, GATE_FLUSH_MS);
  });
  await Promise.race([
    gate.close().catch((error: unknown) =>
      logger.warn("rate-limit gate not told the last calls' outcomes", {
        error: errorMessage(error),
      }),
    ),
    timeout,
  ]);
  clearTimeout(timer);
}
