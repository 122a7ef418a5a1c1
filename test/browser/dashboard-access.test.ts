import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserStack, startBrowserStack } from "./stack.ts";

// Sign-in without the page: Access tokens and the failure limiter, over plain HTTP against a
// stack of its own (the limiter leaves this address blocked for a minute).
let env: BrowserStack;

beforeAll(async () => {
  env = await startBrowserStack();
});
afterAll(async () => {
  await env?.stop();
});

const url = (path: string) => `${env.stack.baseUrl}${path}`;

describe("Cloudflare Access", () => {
  it("a verified Access token signs in without the key", async () => {
    const token = await env.accessToken({ email: "ops@example.com" });
    const res = await fetch(url("/dashboard"), { headers: { "cf-access-jwt-assertion": token } });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("<h2>Health</h2>");
    expect(html).toContain("ops@example.com");
  });

  it("a token for another audience or signed by another key does not", async () => {
    for (const token of [
      await env.accessToken({ email: "ops@example.com", aud: "someone-else" }),
      await env.accessToken({ email: "ops@example.com" }, "stranger"),
    ]) {
      const res = await fetch(url("/dashboard"), { headers: { "cf-access-jwt-assertion": token } });
      const html = await res.text();
      expect(html).toContain('type="password"');
      expect(html).not.toContain("<h2>Health</h2>");
    }
  });
});

// Last: it leaves this address blocked for a minute.
describe("repeated wrong keys", () => {
  it("are throttled by the admin failure limiter", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await fetch(url("/dashboard/sign-in"), {
        method: "POST",
        headers: { origin: env.stack.baseUrl, "content-type": "application/x-www-form-urlencoded" },
        body: "key=wrong",
      });
      statuses.push(res.status);
      if (res.status === 429) break;
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
  });
});
