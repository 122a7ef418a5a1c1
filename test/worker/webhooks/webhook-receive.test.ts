import { describe, expect, it } from "vitest";
import { signIntercomBody } from "../../../src/webhooks/signature.ts";
import { contractFetch } from "../../support/contract.ts";
import { capturedLines } from "../../support/shadow.ts";
import { expectStatus } from "../../support/status.ts";
import {
  BASE,
  CLIENT_SECRET,
  notification,
  PREVIOUS_CLIENT_SECRET,
  postWebhook,
  uniqueAppId,
} from "../../support/webhooks.ts";

async function expectProblem(res: Response, status: number, detail: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const body = (await res.json()) as { status: number; detail: string; title: string };
  expect(body.status).toBe(status);
  expect(body.detail).toMatch(detail);
  return body;
}

const body = (appId = uniqueAppId()) =>
  JSON.stringify(notification("contact.user.created", { appId }));

describe("POST /webhooks/intercom", () => {
  it("answers HEAD with 200 so the Developer Hub accepts the URL", async () => {
    const res = await contractFetch(`${BASE}/webhooks/intercom`, { method: "HEAD" });
    await expectStatus(res, 200);
  });

  it("accepts a correctly signed notification", async () => {
    const res = await postWebhook(body());
    await expectStatus(res, 200);
    expect(await res.json()).toMatchObject({ received: true, topic: "contact.user.created" });
  });

  it("stores a notification for another workspace and logs the mismatch by ids only", async () => {
    const appId = uniqueAppId();
    const lines = await capturedLines(async () => {
      await expectStatus(await postWebhook(body(appId)), 200);
    });
    const warning = lines.find((l) => l.includes("does not sync"));
    expect(warning).toContain(appId);
    expect(warning).toContain('"workspace":"default"');
    // The workspace syncs write under: no warning (a ping, so no row lands in it).
    const quiet = await capturedLines(async () => {
      const ping = notification("ping", { appId: "default" });
      await expectStatus(await postWebhook(JSON.stringify(ping)), 200);
    });
    expect(quiet.filter((l) => l.includes("does not sync"))).toEqual([]);
  });

  it("accepts a body signed with the previous secret during rotation", async () => {
    const res = await postWebhook(body(), { secret: PREVIOUS_CLIENT_SECRET });
    await expectStatus(res, 200);
  });

  it("rejects a missing signature header with 401", async () => {
    await expectProblem(await postWebhook(body(), { signature: null }), 401, /missing/i);
  });

  it("rejects a signature made with another secret", async () => {
    const res = await postWebhook(body(), { secret: "not-our-secret" });
    await expectProblem(res, 401, /does not match/);
  });

  it("rejects a signature without the sha1= prefix", async () => {
    const raw = body();
    const hex = (await signIntercomBody(raw, CLIENT_SECRET)).slice("sha1=".length);
    await expectProblem(await postWebhook(raw, { signature: hex }), 401, /does not match/);
    const sha256 = await postWebhook(raw, { signature: `sha256=${hex}` });
    await expectProblem(sha256, 401, /does not match/);
  });

  it("rejects a body changed after signing", async () => {
    const raw = body();
    const signature = await signIntercomBody(raw, CLIENT_SECRET);
    const tampered = raw.replace("Ada Lovelace", "Eve Intruder");
    expect(tampered).not.toBe(raw);
    await expectProblem(await postWebhook(tampered, { signature }), 401, /does not match/);
  });

  it("rejects the same JSON re-serialised with different bytes", async () => {
    const raw = body();
    const signature = await signIntercomBody(raw, CLIENT_SECRET);
    const reserialised = JSON.stringify(JSON.parse(raw), null, 2);
    expect(JSON.parse(reserialised)).toEqual(JSON.parse(raw));
    await expectProblem(await postWebhook(reserialised, { signature }), 401, /does not match/);
  });

  it("refuses a body over 1 MiB with 413", async () => {
    const big = JSON.stringify(
      notification("contact.user.updated", {
        appId: uniqueAppId(),
        item: { custom_attributes: { blob: "x".repeat(1024 * 1024) } },
      }),
    );
    await expectProblem(await postWebhook(big), 413, /1048576|1 MiB|too large/i);
  });

  it("answers 400 to a signed body that is not JSON", async () => {
    await expectProblem(await postWebhook("not json {"), 400, /not valid JSON/);
  });

  it("answers 400 with the failing fields to signed JSON that is not a notification", async () => {
    const res = await postWebhook(JSON.stringify({ hello: "world" }));
    const problem = (await expectProblem(res, 400, /not an Intercom notification/)) as unknown as {
      errors: Array<{ field: string }>;
    };
    expect(problem.errors.map((p) => p.field)).toEqual(
      expect.arrayContaining(["type", "topic", "app_id"]),
    );
  });
});

describe("POST /webhooks/intercom without a declared length", () => {
  it("stops reading a streamed body once it passes 1 MiB", async () => {
    const chunk = new Uint8Array(256 * 1024).fill(0x20);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 8) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const res = await contractFetch(`${BASE}/webhooks/intercom`, {
      method: "POST",
      headers: { "x-hub-signature": `sha1=${"0".repeat(40)}` },
      body: stream,
    });
    await expectProblem(res, 413, /exceeds/);
    expect(sent).toBeLessThan(8);
  });
});
