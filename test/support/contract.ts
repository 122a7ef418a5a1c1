import { exports } from "cloudflare:workers";
import { Validator } from "@cfworker/json-schema";
import { expect } from "vitest";
import { BASE } from "./webhooks.ts";

type Schema = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: Schema;
}

/** Served by the app itself, outside the document (the benchmark's route is local only). */
const UNDOCUMENTED = new Set(["/openapi.json", "/docs", "/__bench/noop"]);
/** The docs page's script and the UI's files (src/http/docs/). */
const undocumented = (path: string) => UNDOCUMENTED.has(path) || path.startsWith("/docs/");

let served: Promise<Document> | undefined;
/** The document as the worker serves it, read once per test file. */
export function contractDocument(): Promise<Document> {
  served ??= exports.default
    .fetch(`${BASE}/openapi.json`)
    .then((res) => res.json() as Promise<Document>);
  return served;
}

/** The path template a concrete path matches for this method, preferring the most literal. */
function templateOf(document: Document, method: string, path: string): string | undefined {
  const params = (t: string) => (t.match(/\{/g) ?? []).length;
  return Object.keys(document.paths)
    .filter((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(path))
    .filter((t) => document.paths[t]?.[method] !== undefined)
    .sort((a, b) => params(a) - params(b))[0];
}

/**
 * Fails unless the answer is one the contract documents for this method and path: its status
 * listed, its content type declared, its JSON body valid against the schema for that status.
 * Unknown paths must answer the Problem shape (404, 405).
 */
export async function expectInContract(method: string, url: string, res: Response) {
  const document = await contractDocument();
  const path = new URL(url, BASE).pathname;
  // A CORS preflight is the browser's handshake, not an operation of the contract.
  if (undocumented(path) || method === "OPTIONS") return;
  const verb = method.toLowerCase();
  const template = templateOf(document, verb, path);
  const operation = template ? document.paths[template]?.[verb] : undefined;
  const where = `${method} ${template ?? path} → ${res.status}`;
  const response = operation
    ? operation.responses[String(res.status)]
    : {
        content: {
          "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } },
        },
      };
  expect(response, `${where} is not in the contract`).toBeDefined();
  if (method === "HEAD" || res.status === 204) return;
  const type = (res.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
  const media = response?.content?.[type];
  expect(media, `${where}: content type ${type} is not documented`).toBeDefined();
  if (!media?.schema || !type.endsWith("json")) return;
  const body: unknown = await res.clone().json();
  const result = new Validator(
    { ...media.schema, components: document.components },
    "2020-12",
    false,
  ).validate(body);
  const errors = result.errors.map((e) => `${e.instanceLocation}: ${e.error}`).slice(-8);
  expect(result.valid, `${where}: the body breaks its schema:\n${errors.join("\n")}`).toBe(true);
}

/**
 * `exports.default.fetch`, checked against the contract: every route test that calls the
 * worker through this (directly or through the helpers in test/support) checks its answers.
 */
export async function contractFetch(
  input: string | URL | Request,
  init?: RequestInit,
): Promise<Response> {
  const request = input instanceof Request ? input : undefined;
  const method = init?.method ?? request?.method ?? "GET";
  const res = await exports.default.fetch(input, init);
  await expectInContract(method, request?.url ?? String(input), res);
  return res;
}
