import type { Command } from "commander";
import { line, out, printJson, statusColour } from "../output.ts";
import type { Context } from "./context.ts";

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** The service, its database and its Intercom token, each ok or what is wrong. */
export async function connectionChecks(ctx: Context): Promise<Check[]> {
  const api = ctx.api();
  const answer = await api
    .answer((c) => c.v1.health.$get(), [200, 503])
    .catch((error: Error) => error);
  if (answer instanceof Error) return [{ name: "service", ok: false, detail: answer.message }];
  // A 503 still carries the report (the database is down); any other failure is the service's.
  const health = answer.body;
  if (!health?.checks)
    return [{ name: "service", ok: false, detail: `${api.baseUrl}: ${answer.error}` }];
  const { database, intercom } = health.checks;
  const who = intercom.workspace
    ? `workspace ${intercom.workspace.name ?? "?"} (${intercom.workspace.id ?? "?"}, ${intercom.workspace.region ?? "?"}), admin ${intercom.admin?.name ?? "?"} <${intercom.admin?.email ?? "?"}> (${intercom.admin?.id ?? "?"})`
    : "";
  return [
    { name: "service", ok: true, detail: api.baseUrl },
    {
      name: "database",
      ok: database.status === "ok",
      detail:
        database.status === "ok"
          ? `${database.latency_ms ?? "?"} ms`
          : (database.error ?? database.status),
    },
    {
      name: "intercom",
      ok: intercom.status === "ok",
      detail: [intercom.api_base, who || intercom.error || intercom.detail || intercom.status]
        .filter(Boolean)
        .join(": "),
    },
  ];
}

export function registerTestConnection(program: Command, ctx: Context) {
  program
    .command("test-connection")
    .description("check the service, its database and its Intercom token (exit 1 on any failure)")
    .option("--json", "machine output only")
    .action(async (options: { json?: boolean }) => {
      const checks = await connectionChecks(ctx);
      const ok = checks.every((c) => c.ok);
      if (options.json) printJson({ ok, checks });
      else
        for (const c of checks)
          line(
            `${statusColour(c.ok ? "ok" : "failed").padEnd(6)} ${out.bold(c.name.padEnd(8))} ${c.detail}`,
          );
      if (!ok) process.exitCode = 1;
    });
}
