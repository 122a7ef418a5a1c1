import type { IntercomClient } from "../../intercom/client.ts";
import { IntercomError } from "../../intercom/errors.ts";

export interface GoneContact {
  id: string;
  /** 410: merged into another contact (its conversations moved there), not deleted. */
  merged: boolean;
}

/** Which of these contact ids Intercom no longer has (404 deleted, 410 merged away). */
export function confirmGoneWith(client: IntercomClient) {
  return async (ids: string[]): Promise<GoneContact[]> => {
    const gone: GoneContact[] = [];
    let next = 0;
    const worker = async () => {
      for (let id = ids[next++]; id !== undefined; id = ids[next++]) {
        const current = id;
        await client.getContact(current).catch((error: unknown) => {
          if (error instanceof IntercomError && (error.status === 404 || error.status === 410))
            gone.push({ id: current, merged: error.status === 410 });
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, ids.length) }, worker));
    return gone;
  };
}
