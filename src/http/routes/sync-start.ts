import { createRoute } from "@hono/zod-openapi";
import type { SyncKind } from "../../db/schema/sync.ts";
import { startSync } from "../../sync/start.ts";
import { requireAdmin } from "../admin-auth.ts";
import { jsonBody } from "../json-body.ts";
import { routeApp } from "../route-app.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { SyncStartBody, SyncStarted } from "../schemas/sync.ts";

const routeFor = <K extends SyncKind>(kind: K) =>
  createRoute({
    method: "post",
    path: `/v1/sync/${kind}` as `/v1/sync/${K}`,
    tags: ["Sync"],
    summary: `Start a ${kind} run now`,
    // An empty or unreadable body is `{}`: every field has a default.
    middleware: [requireAdmin, jsonBody(4096, { optional: true })] as const,
    security: ADMIN_SECURITY,
    request: {
      body: { required: false, content: { "application/json": { schema: SyncStartBody } } },
    },
    responses: {
      202: json(SyncStarted, "Started"),
      ...adminProblems,
      ...problems(409),
    },
  });

/**
 * `POST /v1/sync/contacts` and `POST /v1/sync/conversations`: start a run of that kind now,
 * 202 with the run, 409 when one is already running.
 */
export const syncStart = <K extends SyncKind>(kind: K) =>
  routeApp().openapi(routeFor(kind), async (c) => {
    const { mode } = c.req.valid("json");
    const { db, queues, config, clock, intercom } = c.var.services;
    const run = await startSync(kind, mode, "manual", {
      client: intercom(),
      db: db(),
      queue: queues.sync,
      workspaceId: config.INTERCOM_WORKSPACE_ID,
      now: clock.now(),
    });
    return c.json(
      { id: run.id, kind: run.kind, mode: run.mode, status: run.status, started_at: run.startedAt },
      202,
    );
  });
