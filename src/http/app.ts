import { OpenAPIHono } from "@hono/zod-openapi";
import type { Env } from "../config/env.ts";
import { dashboardApp } from "../dashboard/app.ts";
import { createServices } from "../services.ts";
import { AppError, asAppError } from "../shared/errors.ts";
import { createLogger } from "../shared/logger.ts";
import type { AppEnv } from "./app-env.ts";
import { inputGuard } from "./middleware/input-guard.ts";
import { securityHeaders } from "./middleware/security-headers.ts";
import { problemResponse } from "./problem.ts";
import { alertsList } from "./routes/alerts-list.ts";
import { auditList } from "./routes/audit-list.ts";
import { benchNoop } from "./routes/bench-noop.ts";
import { contactsDelete } from "./routes/contacts-delete.ts";
import { contactsGet } from "./routes/contacts-get.ts";
import { contactsIdentify } from "./routes/contacts-identify.ts";
import { contactsNotesAdd } from "./routes/contacts-notes-add.ts";
import { contactsSearch } from "./routes/contacts-search.ts";
import { contactsTagsAdd } from "./routes/contacts-tags-add.ts";
import { contactsTagsRemove } from "./routes/contacts-tags-remove.ts";
import { conversationsGet } from "./routes/conversations-get.ts";
import { customersList } from "./routes/customers-list.ts";
import { customersLookup } from "./routes/customers-lookup.ts";
import { registerDocs } from "./routes/docs.ts";
import { erasuresCreate } from "./routes/erasures-create.ts";
import { erasuresList } from "./routes/erasures-list.ts";
import { erasuresSearch } from "./routes/erasures-search.ts";
import { eventsSubmit } from "./routes/events-submit.ts";
import { healthCheck } from "./routes/health-check.ts";
import { healthReport } from "./routes/health-report.ts";
import { messagesSend } from "./routes/messages-send.ts";
import { notesAdd } from "./routes/notes-add.ts";
import { outboxList } from "./routes/outbox-list.ts";
import { outboxRetry } from "./routes/outbox-retry.ts";
import { sessionsEnd } from "./routes/sessions-end.ts";
import { suppressionsLift } from "./routes/suppressions-lift.ts";
import { suppressionsList } from "./routes/suppressions-list.ts";
import { syncConversationsRefresh } from "./routes/sync-conversations-refresh.ts";
import { syncRunsGet } from "./routes/sync-runs-get.ts";
import { syncRunsList } from "./routes/sync-runs-list.ts";
import { syncStart } from "./routes/sync-start.ts";
import { tagsAdd } from "./routes/tags-add.ts";
import { tagsRemove } from "./routes/tags-remove.ts";
import { trackSubmit } from "./routes/track-submit.ts";
import { webhooksDeliveriesCount } from "./routes/webhooks-deliveries-count.ts";
import { webhooksDeliveriesList } from "./routes/webhooks-deliveries-list.ts";
import { webhooksDeliveriesReplay } from "./routes/webhooks-deliveries-replay.ts";
import { webhooksDeliveriesReplayBulk } from "./routes/webhooks-deliveries-replay-bulk.ts";
import { webhooksIntercomReceive } from "./routes/webhooks-intercom-receive.ts";
import { validationHook } from "./support/route-app.ts";

/**
 * Security headers (outermost, so errors get them too), request id, per-request services
 * (closed after the response), and the input guard.
 */
function base() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use(securityHeaders);
  app.use(async (c, next) => {
    // Cloudflare's ray id where there is one: the id an operator can look up in both places.
    const requestId = c.req.header("cf-ray") ?? crypto.randomUUID();
    c.set("requestId", requestId);
    // Log lines name the route pattern, never the path: paths carry user ids and emails.
    const services = createServices(c.env as Env, {
      get route() {
        return c.req.routePath;
      },
      method: c.req.method,
      request_id: requestId,
    });
    c.set("services", services);
    try {
      await next();
    } finally {
      c.executionCtx.waitUntil(services.close());
    }
  });
  app.use(inputGuard);
  return app;
}

/** Every route of the contract, in matching order; its type is the typed client's (`hc`). */
const routes = (app: OpenAPIHono<AppEnv>) =>
  app
    .route("/", healthCheck)
    .route("/", healthReport)
    .route("/", webhooksIntercomReceive)
    // Before GET /v1/contacts/{id}, so "identify" is never read as a contact id.
    .route("/", contactsIdentify)
    .route("/", contactsSearch)
    .route("/", contactsGet)
    .route("/", contactsDelete)
    .route("/", contactsTagsAdd)
    .route("/", contactsTagsRemove)
    .route("/", contactsNotesAdd)
    .route("/", notesAdd)
    .route("/", tagsAdd)
    .route("/", tagsRemove)
    .route("/", messagesSend)
    .route("/", eventsSubmit)
    .route("/", trackSubmit)
    .route("/", syncStart("contacts"))
    .route("/", syncStart("conversations"))
    .route("/", syncConversationsRefresh)
    .route("/", conversationsGet)
    .route("/", syncRunsList)
    .route("/", syncRunsGet)
    .route("/", customersList)
    .route("/", customersLookup)
    .route("/", alertsList)
    .route("/", outboxList)
    .route("/", outboxRetry)
    .route("/", webhooksDeliveriesList)
    .route("/", webhooksDeliveriesCount)
    .route("/", webhooksDeliveriesReplay)
    .route("/", webhooksDeliveriesReplayBulk)
    .route("/", erasuresList)
    .route("/", auditList)
    .route("/", sessionsEnd)
    .route("/", erasuresSearch)
    .route("/", erasuresCreate)
    .route("/", suppressionsList)
    .route("/", suppressionsLift)
    .route("/", benchNoop);

export type AppType = ReturnType<typeof routes>;

export function buildApp() {
  const app = base();
  const contract = routes(app);
  registerDocs(app);
  // HTML for people, not part of the JSON contract (src/dashboard/).
  app.route("/dashboard", dashboardApp());
  // Problems name the route's pattern, never the path: paths carry user ids and emails.
  app.notFound((c) =>
    problemResponse(
      new AppError("not_found", `no route for ${c.req.method} at this path (see /openapi.json)`),
      c.req.routePath,
    ),
  );
  app.onError((error, c) => {
    const appError = asAppError(error);
    if (appError.kind === "internal" || appError.kind === "configuration") {
      // Without services (the configuration failed to load) a bare logger still names the route.
      const logger = c.var.services?.logger ?? createLogger("error", { route: c.req.routePath });
      logger.error("request failed", { kind: appError.kind, error: appError.message });
    }
    return problemResponse(appError, c.req.routePath, c.var.requestId);
  });
  return contract;
}
