import { expect } from "vitest";
import { validateResponse } from "./openapi.ts";

export type Json = Record<string, unknown>;
export interface Answer {
  status: number;
  body: Json;
}

/**
 * Calls to a sandbox as Intercom's clients make them (token, `Intercom-Version: 2.16`), and the
 * same checked against Intercom's OpenAPI description. `url` is read at each call, so a test
 * may start its sandbox after making these.
 */
export function sandboxCalls(url: () => string, token = "local-intercom-token") {
  async function call(method: string, path: string, body?: unknown): Promise<Answer> {
    const res = await fetch(`${url()}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        "intercom-version": "2.16",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  }

  async function checked(method: string, path: string, body?: unknown): Promise<Answer> {
    const res = await call(method, path, body);
    const pathOnly = path.split("?")[0] ?? path;
    const op = `${method} ${pathOnly} ${res.status}`;
    expect({ op, errors: validateResponse(method, pathOnly, res.status, res.body) }).toEqual({
      op,
      errors: [],
    });
    return res;
  }

  async function mutate(command: Json): Promise<Json> {
    const res = await fetch(`${url()}/__sandbox/mutate`, {
      method: "POST",
      body: JSON.stringify(command),
    });
    return (await res.json()) as Json;
  }

  return { call, checked, mutate };
}
