import type { AuditActor, AuditOrigin } from "./audit/actions.ts";
import { type Auditor, audited, createAuditor } from "./audit/auditor.ts";
import { syncStartDetail } from "./audit/details.ts";
import { MRR_CHANGE_RATIO } from "./customers/alerts.ts";
import { cancelIntentMatcher } from "./customers/cancel-intent.ts";
import type { SyncKind, SyncMode } from "./db/schema/sync.ts";
import { completeAdminErasure } from "./erasure/admin.ts";
import type { IntercomClient } from "./intercom/client.ts";
import { acceptWrites } from "./outbox/accept.ts";
import type { DeliverDeps } from "./outbox/deliver.ts";
import { acceptSlackAlerts } from "./outbox/slack-alerts.ts";
import type { Services } from "./services.ts";
import { createSlots, SLACK_CONNECTIONS } from "./shared/connections.ts";
import { AppError } from "./shared/errors.ts";
import { confirmGoneWith } from "./sync/contacts/gone.ts";
import type { StepDeps } from "./sync/contacts/step.ts";
import type { ConversationSyncDeps } from "./sync/conversations/deps.ts";
import type { FinishDeps } from "./sync/finish-deps.ts";
import { type StartDeps, startSync } from "./sync/start.ts";
import { type SyncWindow, WHOLE } from "./sync/window.ts";
import type { ProcessDeps } from "./webhooks/process.ts";
import type { WritebackSettings } from "./writeback/figures.ts";
import type { PlanDeps } from "./writeback/plan.ts";
import { startWriteback, type WritebackStartDeps } from "./writeback/start.ts";
import { writebackDeliverDeps } from "./writeback/targets.ts";

/*
 * What each use case takes from one invocation's services. Only the edges (src/index.ts,
 * http/, queues/, cron/) build these; the domains receive what they use and never see
 * Services.
 */

/**
 * What starting a sync run needs, for the three ways one starts (cron, `POST /v1/sync/:kind`,
 * the dashboard's buttons). `now` when the caller already judged the request against it;
 * `onStarted` when an operator's start is audited in the run's transaction.
 */
export function startDepsFor(
  services: Services,
  options: Pick<StartDeps, "onStarted"> & { now?: Date } = {},
): StartDeps {
  return {
    client: services.intercom(),
    db: services.db(),
    queue: services.queues.sync,
    workspaceId: services.config.INTERCOM_WORKSPACE_ID,
    now: options.now ?? services.clock.now(),
    ...(options.onStarted ? { onStarted: options.onStarted } : {}),
  };
}

/**
 * An operator's start of a run (`POST /v1/sync/:kind`, the dashboard's buttons): audited as
 * `sync.start`, its entry committed in the transaction that creates the run.
 */
export function operatorSyncStart(
  services: Services,
  auditor: Auditor,
  start: { kind: SyncKind; mode: SyncMode; window?: SyncWindow; now?: Date },
) {
  const { kind, mode, window = WHOLE } = start;
  const detail = syncStartDetail(kind, mode, window);
  return audited(
    auditor,
    "sync.start",
    (within) =>
      startSync(
        kind,
        mode,
        "manual",
        startDepsFor(services, {
          now: start.now,
          onStarted: (tx, started) => within(tx, { target: started.id, detail }),
        }),
        window,
      ),
    { attempted: { detail } },
  );
}

/** What a contact sync step needs. */
export function stepDepsFor(
  services: Services,
  client: IntercomClient,
  rateLimited?: () => number,
): StepDeps {
  const { config } = services;
  return {
    db: services.db(),
    client,
    clock: services.clock,
    alertSettings: { highValueMrr: config.HIGH_VALUE_MRR, mrrChangeRatio: MRR_CHANGE_RATIO },
    onAlerts: alertsToSlack(services),
    hashKey: config.ERASURE_HASH_KEY,
    ...(rateLimited ? { rateLimited } : {}),
  };
}

/** An operator's write-back run (`POST /v1/writeback`, the dashboard), audited in its transaction. */
export function operatorWritebackStart(services: Services, auditor: Auditor, dryRun: boolean) {
  const detail = { dry_run: dryRun };
  return audited(
    auditor,
    "writeback.start",
    (within) =>
      startWriteback(
        dryRun,
        "manual",
        writebackStartDepsFor(services, (tx, started) =>
          within(tx, { target: started.id, detail }),
        ),
      ),
    { attempted: { detail } },
  );
}

/** What a slice of a write-back run's planning needs. */
export function writebackPlanDepsFor(services: Services, client: IntercomClient): PlanDeps {
  const { config } = services;
  return {
    db: services.db(),
    client,
    clock: services.clock,
    settings: writebackSettingsOf(config),
    writesPerSecond: config.WRITEBACK_WRITES_PER_SECOND,
    hashKey: config.ERASURE_HASH_KEY,
    accept: (writes, beforeCommit) =>
      acceptWrites(writes, {
        db: services.db(),
        logger: services.logger,
        workspaceId: config.INTERCOM_WORKSPACE_ID,
        queue: services.queues.outbox,
        deliveryEnabled: true,
        hashKey: config.ERASURE_HASH_KEY,
        beforeCommit,
      }),
  };
}

/** The write-back's settings, as the deployment chose them. */
export function writebackSettingsOf(config: Services["config"]): WritebackSettings {
  return {
    prefix: config.WRITEBACK_PREFIX,
    contact: config.WRITEBACK_ATTRIBUTES,
    account: config.WRITEBACK_ACCOUNT_ATTRIBUTES,
  };
}

/** What starting a write-back run needs (`POST /v1/writeback`, the dashboard, a finished sync). */
export function writebackStartDepsFor(
  services: Services,
  onStarted?: WritebackStartDeps["onStarted"],
): WritebackStartDeps {
  return {
    db: services.db(),
    queue: services.queues.sync,
    workspaceId: services.config.INTERCOM_WORKSPACE_ID,
    now: services.clock.now(),
    ...(onStarted ? { onStarted } : {}),
  };
}

/** What a finish slice needs: Intercom confirms which unseen contacts (or conversations) are gone. */
export function finishDepsFor(services: Services, client: IntercomClient): FinishDeps {
  return {
    db: services.db(),
    client,
    clock: services.clock,
    logger: services.logger,
    confirmGone: confirmGoneWith(client),
    onAlerts: alertsToSlack(services),
    onClaimed: (kind) => services.describe(kind),
    ...(services.config.WRITEBACK_AFTER_SYNC
      ? { afterContactRun: () => writebackAfterSync(services) }
      : {}),
  };
}

/**
 * WRITEBACK_AFTER_SYNC: a finished contact run starts a real write-back. One already planning
 * will see the same figures, so its 409 is no failure.
 */
async function writebackAfterSync(services: Services): Promise<void> {
  try {
    await startWriteback(false, "after_sync", writebackStartDepsFor(services));
  } catch (error) {
    if (!(error instanceof AppError && error.kind === "conflict")) throw error;
  }
}

/** What a conversation page or part job needs. */
export function conversationDepsFor(
  services: Services,
  client: IntercomClient,
  rateLimited?: () => number,
): ConversationSyncDeps {
  return {
    db: services.db(),
    client,
    clock: services.clock,
    logger: services.logger,
    queue: services.queues.sync,
    mentionsCancel: cancelIntentMatcher(services.config.CANCEL_KEYWORDS),
    onAlerts: alertsToSlack(services),
    ...(rateLimited ? { rateLimited } : {}),
  };
}

/** What applying a batch of webhook deliveries needs. */
export function webhookDepsFor(services: Services): ProcessDeps {
  return {
    db: services.db(),
    clock: services.clock,
    logger: services.logger,
    mentionsCancel: cancelIntentMatcher(services.config.CANCEL_KEYWORDS),
    workspaceId: services.config.INTERCOM_WORKSPACE_ID,
    hashKey: services.config.ERASURE_HASH_KEY,
    onAlerts: alertsToSlack(services),
  };
}

/** Alerts posted to Slack through the outbox, when SLACK_WEBHOOK_URL is set. */
function alertsToSlack(services: Services) {
  const { config } = services;
  return async (alerts: Parameters<typeof acceptSlackAlerts>[0]) => {
    if (!config.SLACK_WEBHOOK_URL) return;
    await acceptSlackAlerts(alerts, {
      db: services.db(),
      logger: services.logger,
      queue: services.queues.outbox,
      workspaceId: config.INTERCOM_WORKSPACE_ID,
    });
  };
}

/** What outbox delivery needs; null until Intercom is configured. */
export function deliverDepsFor(services: Services): DeliverDeps | null {
  const client = services.intercom();
  if (!client) return null;
  return {
    client,
    defaultAdminId: services.config.INTERCOM_ADMIN_ID,
    slackWebhookUrl: services.config.SLACK_WEBHOOK_URL,
    fetch: services.fetch,
    // One per batch: its rows share the invocation's connections with each other.
    slackConnections: createSlots(SLACK_CONNECTIONS),
    writeback: writebackDeliverDeps(
      services.db(),
      services.config.INTERCOM_WORKSPACE_ID,
      services.clock,
    ),
    completeErasure: (row, deleted) =>
      completeAdminErasure(
        services.db(),
        row,
        deleted,
        services.config.ERASURE_HASH_KEY,
        services.clock.now(),
      ),
  };
}

/** The audit log for one operator request: who and from where, as the edge found them. */
export function auditorFor(
  services: Services,
  request: { actor: AuditActor; origin: AuditOrigin; requestId: string | null },
): Auditor {
  return createAuditor({
    db: () => services.db(),
    logger: services.logger,
    workspaceId: services.config.INTERCOM_WORKSPACE_ID,
    now: () => services.clock.now(),
    ...request,
  });
}
