import type { IntercomClient } from "../intercom/client.ts";
import { errorMessage } from "../shared/errors.ts";
import { withTimeout } from "./timeout.ts";

const IDENTITY_TIMEOUT_MS = 3000;

export type TokenCheck =
  | {
      status: "ok";
      workspace: { id: string | null; name: string | null; region: string | null };
      admin: { id: string; name: string | null; email: string | null };
    }
  | { status: "down"; error: string };

/**
 * Whom the access token belongs to (Intercom's `GET /me`): proves the token works and says
 * which workspace and admin it speaks for, the first thing to check when syncs read nothing.
 */
export async function checkToken(client: IntercomClient): Promise<TokenCheck> {
  try {
    const me = await withTimeout(client.me(), IDENTITY_TIMEOUT_MS);
    return {
      status: "ok",
      workspace: {
        id: me.app?.id_code ?? null,
        name: me.app?.name ?? null,
        region: me.app?.region ?? null,
      },
      admin: { id: me.id, name: me.name ?? null, email: me.email ?? null },
    };
  } catch (error) {
    return { status: "down", error: errorMessage(error) };
  }
}
