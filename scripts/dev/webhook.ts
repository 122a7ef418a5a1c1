import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_WORKSPACE_ID } from "../../src/config/production.ts";
import { signIntercomBody } from "../../src/webhooks/signature.ts";
import { HANDLED_TOPICS } from "../../src/webhooks/topics.ts";
import { sampleNotification } from "../sandbox/samples/notifications.ts";
import { readDevVars } from "./dev-vars.ts";

/**
 * `npm run webhook -- <topic> [--url URL] [--file payload.json]`: signs and posts an Intercom
 * notification to the service, like `stripe trigger`. Without --file it sends a payload of the
 * shape real Intercom sends for the topic; --file sends that file's bytes as they are (envelope or item).
 */
const USAGE = `usage: npm run webhook -- <topic> [--url URL] [--file payload.json] [--secret S] [--app-id ID] [--contact-id ID]

topics: ping, ${HANDLED_TOPICS.join(", ")}`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: "string", default: "http://127.0.0.1:8787/webhooks/intercom" },
    file: { type: "string" },
    secret: { type: "string" },
    "app-id": { type: "string" },
    "contact-id": { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

const topic = positionals[0];
if (values.help || !topic) {
  console.log(USAGE);
  process.exit(topic || values.help ? 0 : 1);
}

const devVars = readDevVars(join(import.meta.dirname, "..", "..", ".dev.vars"));
const secret =
  values.secret ??
  process.env.INTERCOM_CLIENT_SECRET?.split(",")[0] ??
  devVars.INTERCOM_CLIENT_SECRET?.split(",")[0] ??
  "local-client-secret";

// The running service's workspace: a notification for any other is stored and never applied.
const appId =
  values["app-id"] ??
  process.env.INTERCOM_WORKSPACE_ID ??
  devVars.INTERCOM_WORKSPACE_ID ??
  DEFAULT_WORKSPACE_ID;

let body: string;
if (values.file) {
  const text = readFileSync(values.file, "utf8");
  const parsed = JSON.parse(text) as Record<string, unknown>;
  // A bare item is wrapped in an envelope; a full notification is sent byte for byte.
  body =
    parsed.type === "notification_event"
      ? text
      : JSON.stringify({
          ...sampleNotification(topic, { appId }),
          data: { type: "notification_event_data", item: parsed },
        });
} else {
  body = JSON.stringify(sampleNotification(topic, { appId, contactId: values["contact-id"] }));
}

const started = performance.now();
const res = await fetch(values.url, {
  method: "POST",
  headers: {
    "content-type": "application/json",
    "user-agent": "Intercom-Webhooks/1.0 (npm run webhook)",
    "x-hub-signature": await signIntercomBody(body, secret),
  },
  body,
}).catch((error: unknown) => {
  console.error(`could not reach ${values.url}: ${String(error)} (is \`npm start\` running?)`);
  process.exit(1);
});
const ms = (performance.now() - started).toFixed(0);
console.log(`${topic} -> ${values.url}: ${res.status} in ${ms} ms`);
console.log(await res.text());
process.exit(res.ok ? 0 : 1);
