import type { SuppressionRow } from "../../erasure/lift.ts";

/** A suppression row as the wire shape `Suppression` (src/http/schemas/suppressions.ts). */
export function suppressionView(
  row: Omit<SuppressionRow, "identifierHashes"> & { identifiers: number },
) {
  return {
    id: row.id,
    erasure_id: row.erasureId,
    reference: row.reference,
    workspace_id: row.workspaceId,
    status: row.liftedAt ? ("lifted" as const) : ("active" as const),
    identifiers: row.identifiers,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    lifted_at: row.liftedAt?.toISOString() ?? null,
  };
}
