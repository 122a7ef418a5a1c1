import { describe, expect, it } from "vitest";
import { contractFetch } from "../../support/contract.ts";
import { postAdmin } from "../../support/outbox.ts";
import { expectStatus } from "../../support/status.ts";
import { ADMIN_KEY, BASE } from "../../support/webhooks.ts";

interface AcceptedBody {
  data: Array<{ id: string; duplicate: boolean; status: string }>;
}

describe("writes for Intercom are stored before the answer", () => {
  it("accepts an identify with 202 and the row id, visible in the outbox", async () => {
    const userId = `u_${crypto.randomUUID()}`;
    const res = await postAdmin("/v1/contacts/identify", {
      user_id: userId,
      email: "a@example.com",
      plan: "pro",
    });
    await expectStatus(res, 202);
    const body = (await res.json()) as AcceptedBody;
    expect(body.data).toHaveLength(1);
    const list = await contractFetch(`${BASE}/v1/outbox?kind=contact.identify&limit=500`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    const rows = ((await list.json()) as { data: Array<Record<string, unknown>> }).data;
    const row = rows.find((r) => r.id === body.data[0]?.id);
    expect(row).toMatchObject({ user_id: userId, kind: "contact.identify" });
    expect(row?.payload).toMatchObject({ userId, customAttributes: { plan: "pro" } });
  });

  it("treats a repeated Idempotency-Key as the same write", async () => {
    const key = crypto.randomUUID();
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await postAdmin(
        "/v1/contacts/u1/tags",
        { name: "VIP" },
        { "idempotency-key": key },
      );
      await expectStatus(res, 202);
      const body = (await res.json()) as AcceptedBody;
      ids.add(body.data[0]?.id ?? "");
      expect(body.data[0]?.duplicate).toBe(i > 0);
    }
    expect(ids.size).toBe(1);
  });

  it("names every invalid field", async () => {
    const res = await postAdmin("/v1/contacts/identify", { email: "not-an-email", extra: 1 });
    await expectStatus(res, 400);
    const body = (await res.json()) as { errors: Array<{ field: string }> };
    expect(body.errors.map((e) => e.field)).toEqual(expect.arrayContaining(["user_id", "email"]));
  });

  it("requires a subject for email messages", async () => {
    const res = await postAdmin("/v1/messages", { user_id: "u1", type: "email", body: "Hi" });
    await expectStatus(res, 400);
    const body = (await res.json()) as { errors: Array<{ field: string }> };
    expect(body.errors[0]?.field).toBe("subject");
  });

  it("refuses writes without the admin key", async () => {
    const res = await contractFetch(`${BASE}/v1/contacts/identify`, {
      method: "POST",
      body: JSON.stringify({ user_id: "u1" }),
    });
    await expectStatus(res, 401);
  });
});
