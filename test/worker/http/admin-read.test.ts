import { describe, expect, it } from "vitest";
import { contractFetch } from "../../support/contract.ts";
import { expectStatus } from "../../support/status.ts";
import { admin, BASE, uniqueAppId } from "../../support/webhooks.ts";

describe("operator reads", () => {
  it("refuses the deliveries list without the admin key", async () => {
    const res = await contractFetch(`${BASE}/v1/webhooks/deliveries`);
    await expectStatus(res, 401);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  it("refuses a wrong admin key", async () => {
    const res = await contractFetch(`${BASE}/v1/contacts/c1`, {
      headers: { authorization: "Bearer wrong" },
    });
    await expectStatus(res, 401);
  });

  it("answers 404 for an unknown contact", async () => {
    const res = await admin(`/v1/contacts/nobody?workspace_id=${uniqueAppId()}`);
    await expectStatus(res, 404);
  });

  it("rejects an invalid status filter with the field named", async () => {
    const res = await admin("/v1/webhooks/deliveries?status=bogus");
    await expectStatus(res, 400);
    const body = (await res.json()) as { errors: Array<{ field: string }> };
    expect(body.errors[0]?.field).toBe("status");
  });

  it("answers unknown paths with a problem+json 404", async () => {
    const res = await contractFetch(`${BASE}/nowhere`);
    await expectStatus(res, 404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});
