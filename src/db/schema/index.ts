export * from "./contacts.ts";
export * from "./conversations.ts";
export * from "./outbox.ts";
export * from "./tags.ts";
export * from "./webhooks.ts";
