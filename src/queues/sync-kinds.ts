import { conversationDepsFor, stepDepsFor } from "../deps.ts";
import type { IntercomClient } from "../intercom/client.ts";
import type { Services } from "../services.ts";
import { sendAll } from "../shared/queue-send.ts";
import { queueFinishIfReady } from "../sync/claim.ts";
import { runCompanyScroll } from "../sync/companies/scroll.ts";
import { runStep, stepFromCheckpoint } from "../sync/contacts/step.ts";
import { continuationOf } from "../sync/continuation.ts";
import { runConversationPage } from "../sync/conversations/page.ts";
import { notePartJobError, runPartJob } from "../sync/conversations/parts.ts";
import { recordSyncFailure, retriesExhausted } from "../sync/failures.ts";
import {
  type CompanyScrollMessage,
  type ContactStepMessage,
  type ConversationMessage,
  messageKey,
  type SyncMessage,
} from "../sync/messages.ts";
import type { Trip } from "../sync/page-guard.ts";
import { failRun } from "../sync/runs.ts";

interface IntercomSession {
  client: IntercomClient;
  /** 429s received since the last call: added to the run with its next write. */
  rateLimited?: () => number;
}

/** What differs between the kinds of sync message; the consumer does the rest once. */
export interface SyncKindHandler<M extends SyncMessage> {
  /** The client for this message, null without a token; counting its 429s. */
  session(services: Services): IntercomSession | null;
  /** `redelivered`: an earlier delivery of this message failed, perhaps after committing. */
  run(services: Services, session: IntercomSession, body: M, redelivered: boolean): Promise<void>;
  /** A failure that retrying cannot fix (or no Intercom token): settle what the message stood for. */
  refused(services: Services, body: M, error: string): Promise<void>;
  /** After a retryable failure: the message to send instead of retrying this one, if any. */
  retryWith(services: Services, body: M, error: string): Promise<SyncMessage | null>;
  deadLettered(services: Services, body: M): Promise<void>;
}

/** A client of the message's own that counts the 429s it receives, for the run's counters. */
export function countingSession(services: Services): IntercomSession | null {
  let seen = 0;
  const client = services.intercom((status) => {
    if (status === 429) seen += 1;
  });
  if (!client) return null;
  const rateLimited = () => {
    const count = seen;
    seen = 0;
    return count;
  };
  return { client, rateLimited };
}

export const contactStep: SyncKindHandler<ContactStepMessage> = {
  session: countingSession,
  async run(services, { client, rateLimited }, step, redelivered) {
    const pages: Array<{ fetchMs: number; writeMs: number; records: number }> = [];
    const started = Date.now();
    const result = await runStep(step, {
      ...stepDepsFor(services, client, rateLimited),
      timings: (p) => pages.push(p),
    });
    services.logger.info("sync step", {
      run: step.runId,
      partition: step.partition,
      pages: pages.length,
      records: pages.reduce((n, p) => n + p.records, 0),
      fetch_ms: pages.reduce((n, p) => n + p.fetchMs, 0),
      write_ms: pages.reduce((n, p) => n + p.writeMs, 0),
      step_ms: Date.now() - started,
      outcome: result.kind,
    });
    if (result.kind === "tripped") return tripped(services, step, result.trip);
    if (result.kind === "stale" && redelivered) await continueFrom(services, step);
    if (result.kind === "continue") await services.queues.sync.send(result.next);
    if (result.kind === "partition_done" || (result.kind === "stale" && redelivered))
      await finishWhenReady(services, step.runId);
  },
  refused: (services, step, error) =>
    failRun(services.db(), step.runId, error, services.clock.now()),
  // From the checkpoint: pages this step wrote before failing must not be redone, and a
  // message for an older page would only find the checkpoint moved and stop the chain.
  async retryWith(services, step) {
    const next = await stepFromCheckpoint(services.db(), step).catch(() => null);
    return next && next.page !== step.page ? next : null;
  },
  async deadLettered(services, step) {
    await recordSyncFailure(services.db(), step, "retries exhausted", services.clock.now());
  },
};

export const companyScroll: SyncKindHandler<CompanyScrollMessage> = {
  session: countingSession,
  async run(services, { client, rateLimited }, body, redelivered) {
    const result = await runCompanyScroll(
      body,
      { db: services.db(), client, clock: services.clock, ...(rateLimited ? { rateLimited } : {}) },
      redelivered,
    );
    services.logger.debug("company scroll", {
      run: body.runId,
      page: body.page,
      outcome: result.kind,
    });
    if (result.kind === "stale" && redelivered) await continueFrom(services, body);
    if (result.kind === "continue") await services.queues.sync.send(result.next);
    if (result.kind === "partition_done" || (result.kind === "stale" && redelivered))
      await finishWhenReady(services, body.runId);
  },
  // The scroll cannot be left out (the run would tombstone from half a list): the run fails.
  async refused(services, body, error) {
    await recordSyncFailure(services.db(), body, error, services.clock.now());
  },
  // A retry opens the scroll at the checkpoint's position; an older page's message would stop.
  retryWith: async () => null,
  async deadLettered(services, body) {
    const db = services.db();
    await recordSyncFailure(db, body, await retriesExhausted(db, body.runId), services.clock.now());
  },
};

export const conversationMessage: SyncKindHandler<ConversationMessage> = {
  session: countingSession,
  async run(services, { client, rateLimited }, body, redelivered) {
    const deps = conversationDepsFor(services, client, rateLimited);
    if (body.kind === "sync.conversations.parts") {
      const result = await runPartJob(body, deps);
      if (result.trip) tripped(services, body, result.trip);
      services.logger.debug("part job", {
        run: body.runId,
        key: body.key,
        outcome: result.kind,
        fetched: result.fetched,
        chars: result.chars,
        connections: services.intercomConnections.peak(),
      });
      return;
    }
    const outcome = await runConversationPage(body, deps);
    if (outcome.kind === "tripped") return tripped(services, body, outcome.trip);
    if (outcome.kind === "stale" && redelivered) {
      await continueFrom(services, body);
      await finishWhenReady(services, body.runId);
    }
    services.logger.debug("conversation sync message", { kind: body.kind, outcome: outcome.kind });
  },
  async refused(services, body, error) {
    await recordSyncFailure(services.db(), body, error, services.clock.now());
    await finishWhenReady(services, body.runId);
  },
  async retryWith(services, body, error) {
    if (body.kind === "sync.conversations.parts")
      await notePartJobError(services.db(), body, error, services.clock.now());
    return null;
  },
  // Recorded with the last error the run saw, and the run settles without the message.
  async deadLettered(services, body) {
    const db = services.db();
    const error = await retriesExhausted(db, body.runId);
    await recordSyncFailure(db, body, error, services.clock.now());
    await finishWhenReady(services, body.runId);
  },
};

/** The page guard stopped a partition or job (already recorded as failed): said once, loudly. */
function tripped(services: Services, body: SyncMessage, trip: Trip): void {
  services.logger.warn("sync page guard tripped", {
    run: body.runId,
    key: messageKey(body),
    rule: trip.rule,
    page: trip.page,
    reason: trip.reason,
  });
}

async function continueFrom(
  services: Services,
  message: Parameters<typeof continuationOf>[1],
): Promise<void> {
  const messages = await continuationOf(services.db(), message);
  if (messages.length === 0) return;
  services.logger.info("sync chain continued after a redelivery", {
    run: message.runId,
    partition: message.partition,
    page: message.page,
    messages: messages.length,
  });
  await sendAll(services.queues.sync, messages);
}

/** The run's finish runs as messages of its own, each slice in an invocation of its own. */
function finishWhenReady(services: Services, runId: string) {
  return queueFinishIfReady(services.db(), services.queues.sync, runId, services.clock.now());
}
