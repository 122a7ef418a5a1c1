import { createRoute } from "@hono/zod-openapi";
import { audited } from "../../audit/auditor.ts";
import { liftSuppression } from "../../erasure/lift.ts";
import { requireAdmin } from "../admin-auth.ts";
import { requestAuditor } from "../audit.ts";
import { routeApp } from "../route-app.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { Suppression, SuppressionParam } from "../schemas/suppressions.ts";
import { suppressionView } from "../views/suppressions.ts";

const route = createRoute({
  method: "delete",
  path: "/v1/suppressions/{id}",
  tags: ["Operator"],
  summary: "Lift a suppression: writes about the erased person are accepted again",
  description:
    "What the erasure removed stays removed. Lifting twice is one lift (200 with the same `lifted_at`).",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { params: SuppressionParam },
  responses: {
    200: json(Suppression, "Lifted (or already lifted)"),
    ...adminProblems,
    ...problems(404),
  },
});

export const suppressionLift = routeApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  const { db, clock, logger } = c.var.services;
  const row = await audited(
    await requestAuditor(c),
    "suppression.lift",
    () => liftSuppression(db(), id, clock.now()),
    { attempted: { target: id }, describe: (r) => ({ target: r.id }) },
  );
  // Ids only: who the person was is not known here, by design.
  logger.info("suppression lifted", { suppression: id, erasure: row.erasureId });
  return c.json(suppressionView({ ...row, identifiers: row.identifierHashes.length }), 200);
});
