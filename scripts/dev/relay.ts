import { createRequire } from "node:module";
import { connect } from "node:net";
import type { WebSocketServer as WebSocketServerType } from "ws";
import { freePort } from "./free-port.ts";

// vitest's globalSetup resolves bare imports with browser conditions, where `ws` is a stub.
const require = createRequire(import.meta.url);
const { WebSocketServer } = require("ws") as typeof import("ws");

export interface NeonRelay {
  /** The value for the Worker's `NEON_WS_PROXY`: the driver appends `?address=host:port`. */
  wsProxy: string;
  port: number;
  /** Statements the Worker has run through the relay (benchmarks print them per page). */
  statements(): number;
  close(): Promise<void>;
}

/**
 * Counts the statements in a client's Postgres wire stream: a simple `Query` ('Q') or an
 * extended-protocol `Execute` ('E') is one each. The startup message has no type byte.
 */
function statementCounter(onStatement: () => void) {
  let buffered = Buffer.alloc(0);
  let started = false;
  return (chunk: Buffer) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    for (;;) {
      if (!started) {
        if (buffered.length < 4) return;
        const length = buffered.readInt32BE(0);
        if (buffered.length < length) return;
        buffered = buffered.subarray(length);
        started = true;
        continue;
      }
      if (buffered.length < 5) return;
      const length = buffered.readInt32BE(1);
      if (buffered.length < 1 + length) return;
      const type = buffered[0];
      if (type === 0x51 || type === 0x45) onStatement();
      buffered = buffered.subarray(1 + length);
    }
  };
}

/**
 * Stands in for Neon's WebSocket proxy: carries the Postgres wire protocol from a WebSocket
 * to TCP. It binds to 127.0.0.1 and forwards only to the one database it was started for,
 * so it cannot be used as an open relay.
 */
export async function startNeonRelay(database: { host: string; port: number }): Promise<NeonRelay> {
  const port = await freePort();
  const allowed = `${database.host}:${database.port}`;
  let statements = 0;
  const server: WebSocketServerType = new WebSocketServer({ host: "127.0.0.1", port, path: "/v2" });
  server.on("connection", (socket, request) => {
    const address = new URL(request.url ?? "/", "http://relay").searchParams.get("address");
    // The driver asks for the host of the connection string; only our database is reachable.
    const target = address?.replace(/^localhost:/, "127.0.0.1:");
    if (target !== allowed) {
      socket.close(1008, `relay only reaches ${allowed}`);
      return;
    }
    const tcp = connect(database.port, database.host);
    const pending: Buffer[] = [];
    const count = statementCounter(() => {
      statements += 1;
    });
    tcp.on("connect", () => {
      for (const chunk of pending) tcp.write(chunk);
      pending.length = 0;
    });
    socket.on("message", (data: Buffer) => {
      count(data);
      if (tcp.connecting) pending.push(data);
      else tcp.write(data);
    });
    tcp.on("data", (chunk) => socket.send(chunk));
    tcp.on("close", () => socket.close());
    tcp.on("error", () => socket.close());
    socket.on("close", () => tcp.end());
    socket.on("error", () => tcp.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  return {
    wsProxy: `127.0.0.1:${port}/v2`,
    port,
    statements: () => statements,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
