import type { ErasureFilter } from "../../erasure/record.ts";
import { CURSOR_KEYS, decodeCursor } from "./cursor.ts";

/** The filters `GET /v1/erasures` takes in its query and `POST /v1/erasures/search` in its body. */
export interface ErasureFilterWire {
  workspace_id?: string | undefined;
  user_id?: string | undefined;
  contact_id?: string | undefined;
  requested_by?: ErasureFilter["requestedBy"];
  before?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** One page's worth (and one more, to tell a next page) of what both erasure lists ask for. */
export const erasureFilterOf = (wire: ErasureFilterWire): ErasureFilter => ({
  workspaceId: wire.workspace_id,
  userId: wire.user_id,
  contactId: wire.contact_id,
  requestedBy: wire.requested_by,
  before: wire.before ? new Date(wire.before) : undefined,
  limit: wire.limit + 1,
  after: decodeCursor(wire.cursor, CURSOR_KEYS.byTimeAndUuid),
});
