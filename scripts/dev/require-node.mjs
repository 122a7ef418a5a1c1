// Runs before every npm script that needs Node 22, in plain JavaScript so that an older Node
// reaches it: without it, Node 20 dies on `.ts` scripts with a stack trace
// (ERR_UNKNOWN_FILE_EXTENSION) that does not say what is wrong.
const NEEDED = 22;
const major = Number(process.versions.node.split(".")[0]);
if (!(major >= NEEDED)) {
  console.error(
    `intercom-bridge needs Node ${NEEDED} or newer, found Node ${process.versions.node} (${process.execPath}).`,
  );
  process.exit(1);
}
