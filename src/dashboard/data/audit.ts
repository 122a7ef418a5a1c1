import { listAudit } from "../../audit/record.ts";
import type { Executor } from "../../db/client.ts";

/** The latest operator actions of one workspace, newest first (`GET /v1/audit`'s first page). */
export const recentAudit = (db: Executor, workspaceId: string, limit = 15) =>
  listAudit(db, { workspaceId, limit });

export type AuditEntries = Awaited<ReturnType<typeof recentAudit>>;
