import { createCallerFactory, router } from "../trpc";
import { flowsRouter } from "./flows";
import { mappingsRouter } from "./mappings";
import { runsRouter } from "./runs";

/** One router per domain; later issues add connections, mappings, dead letters, users. */
export const appRouter = router({
  flows: flowsRouter,
  mappings: mappingsRouter,
  runs: runsRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side calls without HTTP (tests, and later server components): `createCaller(ctx).flows.list()`. */
export const createCaller = createCallerFactory(appRouter);
