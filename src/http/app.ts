/*
 * The JSON API: first the contract (every route, in matching order, and the OpenAPI document
 * made from their schemas), then the app around it.
 *
 * Route files (routes/) are named `<resource>-<operation>`. The resource is the route's path
 * as its URL spells it, without `/v1` and parameters, so it is plural wherever the URL is
 * (`contacts-get`, `contacts-tags-add`, `webhooks-deliveries-list`); the operation is one verb:
 * `list`, `get`, `search`, `lookup`, `create`, `delete`, or the route's own (`add`, `remove`,
 * `send`, `submit`, `identify`, `start`, `refresh`, `retry`, `replay`, `lift`, `end`,
 * `receive`, `check`, `report`). A path that ends in its operation says it once
 * (`/v1/contacts/search` is `contacts-search`, `/v1/webhooks/deliveries/counts`
 * `webhooks-deliveries-count`); where one verb has both a one-item and a collection route, the
 * collection's adds `-bulk`. Each file exports its name in camelCase.
 */

import { OpenAPIHono } from "@hono/zod-openapi";
import { AppError, asAppError } from "../shared/errors.ts";
import { createLogger } from "../shared/logger.ts";
import type { AppEnv } from "./app-env.ts";
import { docsApp } from "./docs/app.ts";
import { inputGuard } from "./middleware/input-guard.ts";
import { requestServices } from "./middleware/request-services.ts";
import { securityHeaders } from "./middleware/security-headers.ts";
import { problemResponse } from "./problem.ts";
import { accountsGet } from "./routes/accounts-get.ts";
import { accountsList } from "./routes/accounts-list.ts";
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
import { writebackGet } from "./routes/writeback-get.ts";
import { writebackList } from "./routes/writeback-list.ts";
import { writebackStart } from "./routes/writeback-start.ts";
import { validationHook } from "./support/route-app.ts";

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
    .route("/", syncStart("companies"))
    .route("/", syncConversationsRefresh)
    .route("/", conversationsGet)
    .route("/", syncRunsList)
    .route("/", syncRunsGet)
    .route("/", customersList)
    .route("/", customersLookup)
    .route("/", accountsList)
    .route("/", accountsGet)
    .route("/", writebackStart)
    .route("/", writebackList)
    .route("/", writebackGet)
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

type Document = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;

const INFO = {
  title: "intercom-bridge",
  version: "1.0.0",
  description:
    "Between a SaaS product and Intercom: webhooks in, writes out through an outbox, synced contacts, conversations and companies, customer and account records. Every error is `application/problem+json` (RFC 9457). Lists page with `cursor` and `limit`; the answer's `next_cursor` is the next page's cursor (null on the last).",
};

let cached: Document | undefined;

/**
 * The contract, generated from the routes' own schemas. Built once per isolate: the routes
 * cannot change while it runs.
 */
export function contractDocument(app: OpenAPIHono<AppEnv>): Document {
  if (!cached) {
    app.openAPIRegistry.registerComponent("securitySchemes", "adminKey", {
      type: "http",
      scheme: "bearer",
      description: "`Authorization: Bearer <ADMIN_API_KEY>`",
    });
    app.openAPIRegistry.registerComponent("securitySchemes", "messengerJwt", {
      type: "http",
      scheme: "bearer",
      bearerFormat: "JWT",
      description:
        "The Messenger security JWT (HS256, `user_id` and `exp`) the page gives Intercom",
    });
    cached = app.getOpenAPI31Document({ openapi: "3.1.0", info: INFO });
  }
  return cached;
}

/**
 * The contract, its docs, and whatever `mountPages` adds (the dashboard's HTML, src/app.ts),
 * all under the same headers, request services and problem answers. The pages are mounted from
 * above: they use this folder's edge support, so this folder must not import them.
 */
export function buildApp(mountPages: (app: OpenAPIHono<AppEnv>) => void = () => {}) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // Security headers outermost, so errors get them too; then the request's id and services,
  // then the input guard.
  app.use(securityHeaders);
  app.use(requestServices);
  app.use(inputGuard);
  const contract = routes(app);
  // The contract and an interactive page for it, served wholly from this Worker (docs/).
  // Public: the document holds shapes, no secret. Not in the document themselves.
  app.get("/openapi.json", (c) => c.json(contractDocument(app)));
  app.route("/docs", docsApp());
  // HTML for people, not part of the JSON contract.
  mountPages(app);
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
