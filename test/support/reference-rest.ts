import { inject, it } from "vitest";

/**
 * The REST answers in ../shared/reference/intercom-rest-responses/ (real Intercom answers kept
 * by other integrations), read by globalSetup. A missing folder fails on CI and is reported
 * as skipped, with the reason, elsewhere: never silently.
 */
export const REST_CAPTURES = inject("referenceRest");

export function restCapture(name: string): string {
  const file = REST_CAPTURES.files.find((f) => f.name === name);
  if (!file) throw new Error(`no reference capture ${name} in ${REST_CAPTURES.dir}`);
  return file.text;
}

export const captureNames = (pattern: RegExp) =>
  REST_CAPTURES.files.map((f) => f.name).filter((n) => pattern.test(n));

/** Registers the one test a describe has when the folder is missing; true when it is. */
export function reportMissingCaptures(): boolean {
  if (!REST_CAPTURES.missing) return false;
  it("has the reference REST captures to replay", (ctx) => {
    const message = `no reference REST captures at ${REST_CAPTURES.dir} (${REST_CAPTURES.missing}); they live beside the checkout in ../shared/reference`;
    if (REST_CAPTURES.ci) throw new Error(message);
    console.warn(`SKIPPED: ${message}`);
    ctx.skip(message);
  });
  return true;
}

/**
 * Which test replays each capture, by file name. A capture added to the folder that no
 * pattern names fails rest-reference-captures.test.ts until a test reads it.
 */
export const REPLAYED_BY: Array<[RegExp, string]> = [
  [/^contacts\.search(-item)?--/, "a contact sync run over it"],
  [/^conversations\.get--/, "a one-conversation sync"],
  [/^conversations\.search--nango-2026-b/, "a conversation sync run with the get answers"],
  [/^conversations\.search--/, "searchConversationsPage"],
  [/^contacts\.list--/, "listContactsPage"],
  [/^conversations\.list--/, "listConversationsPage"],
  [/^contacts\.(get|create|update|delete)--/, "getContact / upsertContact / deleteContact"],
  [/^(admins|tags|me)--/, "listAdmins / listTags / me"],
  [/^(tags|notes|messages)\.create--/, "addTagByName / addNote / sendMessage"],
  [/^error\.\d{3}--/, "an IntercomError with Intercom's code"],
];
