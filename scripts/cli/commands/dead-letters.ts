import type { Command } from "commander";
import { param } from "../api.ts";
import { InputError } from "../config.ts";
import { line, printJson } from "../output.ts";
import type { Context } from "./context.ts";

/** `retry`: a dead outbox write sent on again (src/outbox/retry.ts); `replay` is in replay.ts. */
export function registerDeadLetters(program: Command, ctx: Context) {
  program
    .command("retry")
    .description("send a dead outbox write to Intercom again")
    .argument("<outbox-id>", "the outbox row's id, as `outbox` lists it")
    .option("--json", "machine output only")
    .action(async (id: string, o: { json?: boolean }) => {
      const retried = await ctx
        .api()
        .ok((c) => c.v1.outbox[":id"].retry.$post({ param: { id: param(uuid(id, "outbox id")) } }));
      if (o.json) return printJson(retried);
      line(
        retried.changed
          ? `outbox row ${retried.id} queued to be sent again (attempts ${retried.attempts})`
          : `outbox row ${retried.id} was already on its way (${retried.status})`,
      );
    });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids the service keeps as UUIDs: anything else is refused before a request. */
export function uuid(value: string, what: string): string {
  if (!UUID.test(value)) throw new InputError(`${what} ${value} is not a UUID`);
  return value;
}
