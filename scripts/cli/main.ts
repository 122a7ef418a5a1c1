import { Command, CommanderError } from "commander";
import { registerAccounts } from "./commands/accounts.ts";
import { createContext } from "./commands/context.ts";
import { registerConversation } from "./commands/conversation.ts";
import { registerDeadLetters } from "./commands/dead-letters.ts";
import { registerTestConnection } from "./commands/health.ts";
import { registerLists } from "./commands/lists.ts";
import { registerReplay } from "./commands/replay.ts";
import { registerRuns } from "./commands/runs.ts";
import { registerStatus } from "./commands/status.ts";
import { registerSync } from "./commands/sync.ts";
import { registerSyncConversation } from "./commands/sync-conversation.ts";
import { registerWatch } from "./commands/watch.ts";
import { registerWriteback } from "./commands/writeback.ts";
import { InputError } from "./config.ts";
import { err } from "./output.ts";

/**
 * `npx intercom-bridge <command>` (bin.mjs) or `npm run cli -- <command>`: the operator's
 * commands against the admin API of a running service, local or deployed (BRIDGE_URL,
 * ADMIN_API_KEY; see scripts/cli/config.ts). Exit codes: 0 done, 1 the service or the run
 * failed, 2 bad input (refused before any request), 130 interrupted.
 */
const viaBin = !/main\.ts$/.test(process.argv[1] ?? "");
const program = new Command(viaBin ? "intercom-bridge" : "npm run cli --")
  .description("operate intercom-bridge through its admin API")
  .showHelpAfterError("(add --help for usage)")
  .exitOverride()
  // Each command's options after its own name only: `runs show <id> --json` is `show`'s, not
  // the `runs` list's (commands enable it too where they have subcommands).
  .enablePositionalOptions()
  .configureOutput({ outputError: (text, write) => write(err.red(text)) });

const ctx = createContext();
registerTestConnection(program, ctx);
registerSync(program, ctx);
registerSyncConversation(program, ctx);
registerConversation(program, ctx);
registerWatch(program, ctx);
registerStatus(program, ctx);
registerRuns(program, ctx);
registerLists(program, ctx);
registerAccounts(program, ctx);
registerWriteback(program, ctx);
registerReplay(program, ctx);
registerDeadLetters(program, ctx);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? 0 : 2;
  else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${err.red("error:")} ${message.split("\n")[0]}\n`);
    // The service refused, failed or could not be reached (ApiError), or anything else: 1.
    process.exitCode = error instanceof InputError ? 2 : 1;
  }
}
