import { describe, expect, it } from "vitest";
import { signIntercomBody, verifyIntercomSignature } from "../../../src/webhooks/signature.ts";

// RFC 2202 HMAC-SHA1 test cases 1, 2 and 5, and a notification body whose MAC was computed
// independently with `openssl dgst -sha1 -hmac local-client-secret`.
const VECTORS = [
  {
    key: "\x0b".repeat(20),
    data: "Hi There",
    mac: "b617318655057264e28bc0b6fb378c8ef146be00",
  },
  {
    key: "Jefe",
    data: "what do ya want for nothing?",
    mac: "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
  },
  {
    key: "\x0c".repeat(20),
    data: "Test With Truncation",
    mac: "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04",
  },
  {
    key: "local-client-secret",
    data: '{"type":"notification_event","app_id":"abc123","topic":"ping","id":null,"data":{"item":{}}}',
    mac: "46627f4aca1dac60d6c203fcfd0f8b80b7a3a299",
  },
];

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe("Intercom webhook signature (HMAC-SHA1 over the raw body)", () => {
  for (const vector of VECTORS) {
    it(`matches the known answer for ${JSON.stringify(vector.data.slice(0, 24))}`, async () => {
      expect(await signIntercomBody(vector.data, vector.key)).toBe(`sha1=${vector.mac}`);
      const header = `sha1=${vector.mac}`;
      expect(await verifyIntercomSignature(bytes(vector.data), header, [vector.key])).toBe(true);
    });
  }

  it("accepts an upper-case hex digest", async () => {
    const v = VECTORS[1];
    if (!v) throw new Error("vector missing");
    expect(
      await verifyIntercomSignature(bytes(v.data), `sha1=${v.mac.toUpperCase()}`, [v.key]),
    ).toBe(true);
  });

  it("rejects a digest that differs in one bit", async () => {
    const v = VECTORS[1];
    if (!v) throw new Error("vector missing");
    const flipped = (Number.parseInt(v.mac[0] ?? "0", 16) ^ 1).toString(16) + v.mac.slice(1);
    expect(await verifyIntercomSignature(bytes(v.data), `sha1=${flipped}`, [v.key])).toBe(false);
  });

  it("rejects malformed headers", async () => {
    const v = VECTORS[1];
    if (!v) throw new Error("vector missing");
    for (const header of [
      null,
      "",
      v.mac,
      `sha256=${v.mac}`,
      `sha1=${v.mac.slice(1)}`,
      "sha1=zz",
    ]) {
      expect(await verifyIntercomSignature(bytes(v.data), header, [v.key])).toBe(false);
    }
  });

  it("accepts any of several secrets, for rotation", async () => {
    const body = bytes("{}");
    const header = await signIntercomBody("{}", "new-secret");
    expect(await verifyIntercomSignature(body, header, ["old-secret", "new-secret"])).toBe(true);
    expect(await verifyIntercomSignature(body, header, ["old-secret"])).toBe(false);
  });
});
