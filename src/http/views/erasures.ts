import type { listErasures } from "../../erasure/record.ts";
import { pageFrom } from "../cursor.ts";

type ErasureRow = Awaited<ReturnType<typeof listErasures>>[number];

/** `GET /v1/erasures` and `POST /v1/erasures/search`: a page of records, counts only. */
export const erasurePage = (rows: readonly ErasureRow[], limit: number) =>
  pageFrom(
    rows,
    limit,
    (row) => [row.at, row.id],
    (row) => ({
      id: row.id,
      workspace_id: row.workspaceId,
      requested_by: row.requestedBy,
      reference: row.reference,
      requested_at: row.requestedAt,
      completed_at: row.completedAt,
      passes: row.passes,
      intercom_contact_ids: row.intercomContactIds,
      intercom_status: row.intercomStatus,
      removed: row.removed,
    }),
  );
