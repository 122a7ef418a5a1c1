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
  close(): Promise<void>;
}

/**
 * Stands in for Neon's WebSocket proxy: carries the Postgres wire protocol from a WebSocket
 * to TCP. It binds to 127.0.0.1 and forwards only to the one database it was started for,
 * so it cannot be used as an open relay.
 */
export async function startNeonRelay(database: { host: string; port: number }): Promise<NeonRelay> {
  const port = await freePort();
  const allowed = `${database.host}:${database.port}`;
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
    tcp.on("connect", () => {
      for (const chunk of pending) tcp.write(chunk);
      pending.length = 0;
    });
    socket.on("message", (data: Buffer) => {
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
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
