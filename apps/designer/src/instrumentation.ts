/**
 * Next.js calls this once when the server starts. The start-up checks need Node
 * (Postgres, crypto), so they are loaded only in the Node.js runtime.
 */
export async function register() {
  // NEXT_RUNTIME is set by Next itself to pick the runtime; it is not configuration.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startup } = await import("./server/startup");
  await startup();
}
