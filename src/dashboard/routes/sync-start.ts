import type { Context, Hono } from "hono";
import { z } from "zod";
import { audited } from "../../audit/auditor.ts";
import { bulkReplayDetail, syncStartDetail } from "../../audit/details.ts";
import { requestAuditor } from "../../http/audit.ts";
import { validate } from "../../http/validate.ts";
import { retryOutboxRow } from "../../outbox/retry.ts";
import { startSync } from "../../sync/start.ts";
import { WHOLE } from "../../sync/window.ts";
import { replayDelivery } from "../../webhooks/replay.ts";
import { replayDeliveries } from "../../webhooks/replay-bulk.ts";
import { replayFilterSchema } from "../../webhooks/replay-filter.ts";
import type { DashboardEnv } from "../env.ts";
import { readForm } from "./form.ts";

const syncParams = z.object({ kind: z.enum(["contacts", "conversations"]) });
const syncForm = z.object({ mode: z.enum(["incremental", "full"]) });

/**
 * The script sends forms with `x-dashboard-inline` and shows the message; a plain form post
 * (no script) goes back to the section it came from.
 */
export function answer(
  c: Context<DashboardEnv>,
  message: string,
  section: string,
  status: 200 | 202 = 200,
) {
  if (c.req.header("x-dashboard-inline")) return c.json({ message }, status);
  return c.redirect(`/dashboard#${section}`, 303);
}

/** This operator's audit log: every action below records one entry (src/audit/). */
const auditor = (c: Context<DashboardEnv>) => requestAuditor(c, c.var.actor);

/** Start buttons: the same startSync as `POST /v1/sync/:kind`, with the same 409. */
export function registerSyncActions(dash: Hono<DashboardEnv>) {
  dash.post("/sync/:kind", async (c) => {
    const { kind } = validate(syncParams, c.req.param(), "path");
    const { mode } = validate(syncForm, await readForm(c), "body");
    const { db, queues, config, clock, intercom } = c.var.services;
    const detail = syncStartDetail(kind, mode, WHOLE);
    const run = await audited(
      await auditor(c),
      "sync.start",
      (within) =>
        startSync(kind, mode, "manual", {
          client: intercom(),
          db: db(),
          queue: queues.sync,
          workspaceId: config.INTERCOM_WORKSPACE_ID,
          now: clock.now(),
          onStarted: (tx, started) => within(tx, { target: started.id, detail }),
        }),
      { attempted: { detail } },
    );
    return answer(c, `Started a ${run.mode} ${run.kind} run (${run.id}).`, "runs", 202);
  });
}

const replayForm = z.object({
  workspace_id: z.string().min(1).max(200),
  delivery_key: z.string().min(1).max(200),
});
const retryForm = z.object({ id: z.uuid() });
/** An empty topic field is every topic. */
const replayDeadForm = z.object({
  topic: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((t) => t || undefined),
});

/** Replay and retry buttons: the domain functions behind the /v1 replay and retry routes. */
export function registerQueueActions(dash: Hono<DashboardEnv>) {
  dash.post("/deliveries/replay", async (c) => {
    const form = validate(replayForm, await readForm(c), "body");
    const { db, queues } = c.var.services;
    const replayed = await audited(
      await auditor(c),
      "webhook.replay",
      () =>
        replayDelivery(
          { db: db(), queue: queues.webhooks },
          { deliveryKey: form.delivery_key, workspaceId: form.workspace_id },
        ),
      {
        attempted: { target: form.delivery_key },
        describe: (r) => ({ target: r.deliveryKey, detail: { changed: r.changed } }),
      },
    );
    return answer(c, `Queued delivery ${replayed.deliveryKey} for replay.`, "deliveries", 202);
  });
  // "Replay all dead": one call of the bulk replay behind POST /v1/webhooks/deliveries/replay.
  dash.post("/deliveries/replay-dead", async (c) => {
    const { topic } = validate(replayDeadForm, await readForm(c), "body");
    const filter = validate(replayFilterSchema, { status: "dead", topic }, "body");
    const { db, queues, logger } = c.var.services;
    const { replayed, more } = await audited(
      await auditor(c),
      "webhook.replay_bulk",
      () => replayDeliveries({ db: db(), queue: queues.webhooks, logger }, filter),
      {
        attempted: { detail: bulkReplayDetail(filter) },
        describe: (r) => ({ detail: bulkReplayDetail(filter, r) }),
      },
    );
    const what = `dead deliver${replayed === 1 ? "y" : "ies"}${topic ? ` of ${topic}` : ""}`;
    const rest = more ? " More are dead: replay again for the next ones." : "";
    return answer(c, `Replayed ${replayed} ${what}.${rest}`, "deliveries", 202);
  });
  dash.post("/outbox/retry", async (c) => {
    const { id } = validate(retryForm, await readForm(c), "body");
    const { db, queues, clock } = c.var.services;
    const retried = await audited(
      await auditor(c),
      "outbox.retry",
      () => retryOutboxRow({ db: db(), queue: queues.outbox, now: clock.now() }, id),
      {
        attempted: { target: id },
        describe: (r) => ({ target: r.id, detail: { changed: r.changed } }),
      },
    );
    return answer(c, `Queued outbox message ${retried.id} for retry.`, "outbox", 202);
  });
}
