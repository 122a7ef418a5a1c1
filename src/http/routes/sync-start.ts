import { createRoute } from "@hono/zod-openapi";
import type { SyncKind } from "../../db/schema/sync.ts";
import { operatorSyncStart } from "../../deps.ts";
import { syncRequestSchema } from "../../sync/window.ts";
import { requireAdmin } from "../middleware/admin-auth.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { SyncStartBody, SyncStarted } from "../schemas/sync.ts";
import { requestAuditor } from "../support/audit.ts";
import { routeApp } from "../support/route-app.ts";
import { validate } from "../support/validate.ts";
import { runWindowView } from "../views/runs.ts";

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
 * `POST /v1/sync/contacts`, `/conversations` and `/companies`: start a run of that kind now,
 * 202 with the run, 409 when one is already running. `since`/`until` narrow a full run to a
 * created-at range, `hours_back` starts an incremental one that long ago (src/sync/window.ts);
 * a company run takes neither (Intercom cannot filter companies by time): 400.
 */
export const syncStart = <K extends SyncKind>(kind: K) =>
  routeApp().openapi(routeFor(kind), async (c) => {
    const now = c.var.services.clock.now();
    // The contract checked each field; how they agree with each other and with now is here.
    const { mode, window } = validate(
      syncRequestSchema(Math.floor(now.getTime() / 1000)),
      c.req.valid("json"),
      "body",
    );
    const run = await operatorSyncStart(c.var.services, await requestAuditor(c), {
      kind,
      mode,
      window,
      now,
    });
    return c.json(
      {
        id: run.id,
        kind: run.kind,
        mode: run.mode,
        status: run.status,
        started_at: run.startedAt,
        ...runWindowView(run),
      },
      202,
    );
  });
