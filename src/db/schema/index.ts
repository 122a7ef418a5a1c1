export * from "./contacts.ts";
export * from "./conversations.ts";
export * from "./customers.ts";
export * from "./outbox.ts";
export * from "./sync.ts";
export * from "./tags.ts";
export * from "./webhooks.ts";
export * from "./track.ts";
