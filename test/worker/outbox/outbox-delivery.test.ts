import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { contractFetch } from "../../support/contract.ts";
import { intercomGet, postAdmin, settled } from "../../support/outbox.ts";
import { expectStatus } from "../../support/status.ts";
import { ADMIN_KEY, BASE } from "../../support/webhooks.ts";

interface Accepted {
  data: Array<{ id: string; duplicate: boolean }>;
}

async function accepted(res: Response): Promise<string[]> {
  await expectStatus(res, 202);
  return ((await res.json()) as Accepted).data.map((d) => d.id);
}

async function contactByExternalId(userId: string) {
  const res = await fetch(new URL("/contacts/search", env.INTERCOM_API_BASE), {
    method: "POST",
    headers: {
      authorization: "Bearer local-intercom-token",
      "intercom-version": "2.16",
      "content-type": "application/json",
    },
    body: JSON.stringify({ query: { field: "external_id", operator: "=", value: userId } }),
  });
  const body = (await res.json()) as { data: Array<Record<string, unknown>> };
  return body.data[0];
}

describe("outbox delivery to the sandbox through the real queue", () => {
  it("identifies a user in Intercom", async () => {
    const userId = `u_${crypto.randomUUID()}`;
    const [id] = await accepted(
      await postAdmin("/v1/contacts/identify", {
        user_id: userId,
        email: `${userId}@example.com`,
        plan: "pro",
      }),
    );
    const row = await settled(id ?? "");
    expect(row).toMatchObject({ status: "delivered", last_error: null });
    const contact = await contactByExternalId(userId);
    expect(contact).toMatchObject({ external_id: userId, email: `${userId}@example.com` });
    expect(contact?.custom_attributes).toMatchObject({ plan: "pro" });
  });

  it("delivers an event sent three times with the same key once", async () => {
    const userId = `u_${crypto.randomUUID()}`;
    const [identify] = await accepted(
      await postAdmin("/v1/contacts/identify", { user_id: userId }),
    );
    await settled(identify ?? "");
    const event = {
      event_name: "analysed-property",
      user_id: userId,
      idempotency_key: `k-${userId}`,
    };
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++)
      for (const id of await accepted(await postAdmin("/v1/events", event))) ids.add(id);
    expect(ids.size).toBe(1);
    expect((await settled([...ids][0] ?? ""))?.status).toBe("delivered");
    const contact = await contactByExternalId(userId);
    const events = await intercomGet(`/events?type=user&intercom_user_id=${contact?.id}`);
    const body = (await events.json()) as { events: Array<{ event_name: string }> };
    expect(body.events.filter((e) => e.event_name === "analysed-property")).toHaveLength(1);
  });

  it("creates the user first when Intercom does not know the user of an event", async () => {
    const userId = `u_${crypto.randomUUID()}`;
    const [id] = await accepted(
      await postAdmin("/v1/events", {
        event_name: "signed-up",
        user_id: userId,
        email: `${userId}@example.com`,
      }),
    );
    const row = await settled(id ?? "");
    expect(row?.status).toBe("delivered");
    expect(row?.result).toMatchObject({ submitted: true });
    expect(await contactByExternalId(userId)).toMatchObject({ external_id: userId });
  });

  it("tags, notes and erases a user", async () => {
    const userId = `u_${crypto.randomUUID()}`;
    const [identify] = await accepted(
      await postAdmin("/v1/contacts/identify", { user_id: userId }),
    );
    await settled(identify ?? "");
    const [tag] = await accepted(await postAdmin(`/v1/contacts/${userId}/tags`, { name: "beta" }));
    expect((await settled(tag ?? ""))?.status).toBe("delivered");
    const [note] = await accepted(await postAdmin(`/v1/contacts/${userId}/notes`, { body: "VIP" }));
    expect((await settled(note ?? ""))?.status).toBe("delivered");
    const contact = await contactByExternalId(userId);
    const tags = await intercomGet(`/contacts/${contact?.id}/tags`);
    expect(
      ((await tags.json()) as { data: Array<{ name: string }> }).data.map((t) => t.name),
    ).toContain("beta");
    const erase = await contractFetch(`${BASE}/v1/contacts/${userId}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    const [erased] = await accepted(erase);
    expect((await settled(erased ?? ""))?.result).toMatchObject({ deleted: true });
    expect(await contactByExternalId(userId)).toBeUndefined();
  });

  it("delivers a tag and an erasure addressed by Intercom's id", async () => {
    const userId = `u_${crypto.randomUUID()}`;
    const [identify] = await accepted(
      await postAdmin("/v1/contacts/identify", { user_id: userId }),
    );
    const contactId = String((await settled(identify ?? ""))?.result?.contact_id);
    const [tag] = await accepted(
      await postAdmin(`/v1/contacts/${contactId}/tags?by=id`, { name: "by-id" }),
    );
    expect(await settled(tag ?? "")).toMatchObject({ status: "delivered", last_error: null });
    const tags = await intercomGet(`/contacts/${contactId}/tags`);
    expect(
      ((await tags.json()) as { data: Array<{ name: string }> }).data.map((t) => t.name),
    ).toContain("by-id");
    const erase = await contractFetch(`${BASE}/v1/contacts/${contactId}?by=id`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    const [erased] = await accepted(erase);
    expect((await settled(erased ?? ""))?.result).toMatchObject({
      contact_id: contactId,
      deleted: true,
    });
    expect(await contactByExternalId(userId)).toBeUndefined();
  });
});
