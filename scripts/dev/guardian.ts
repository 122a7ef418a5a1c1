import { reapRecord } from "./leftovers.ts";

/**
 * Started detached by leftovers.ts, one per script that starts processes. Its stdin is a pipe
 * from that script: it closes when the script exits, however it exits (SIGKILL included).
 * Then it stops what the script's record still lists; after a clean stop the record is empty.
 */
const [path] = process.argv.slice(2);
if (path) {
  process.stdin.resume();
  process.stdin.on("error", () => {});
  process.stdin.on("close", () => {
    void reapRecord(path).finally(() => process.exit(0));
  });
}
