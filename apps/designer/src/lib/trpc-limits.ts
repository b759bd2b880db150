/**
 * Calls per tRPC batch request: the server refuses larger batches (400) and the
 * client's batch link splits its calls into batches of at most this many. Shared
 * by both sides, so it lives outside src/server.
 */
export const MAX_BATCH_CALLS = 20;
