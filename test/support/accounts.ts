import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../src/index.ts";
import { expectInContract } from "./contract.ts";
import { ADMIN_KEY, BASE, configuredFor } from "./webhooks.ts";

/** Fixtures anywhere (worker and node tests): test/support/account-fixtures.ts. */
export { seedAccounts } from "./account-fixtures.ts";

/**
 * The Worker of a deployment whose INTERCOM_WORKSPACE_ID is `workspaceId`, called with the
 * admin key; every answer is checked against the contract.
 */
export function workspaceApi(workspaceId: string) {
  const call = async (path: string, init: RequestInit = {}) => {
    const ctx = createExecutionContext();
    const request = new Request(`${BASE}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${ADMIN_KEY}`,
        ...(init.body ? { "content-type": "application/json" } : {}),
      },
    });
    const res = await worker.fetch(request, configuredFor(workspaceId), ctx);
    await waitOnExecutionContext(ctx);
    await expectInContract(request.method, request.url, res);
    return res;
  };
  return {
    get: (path: string) => call(path),
    post: (path: string, body: unknown) =>
      call(path, { method: "POST", body: JSON.stringify(body) }),
  };
}
