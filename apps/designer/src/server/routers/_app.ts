import { createCallerFactory, router } from "../trpc";
import { apiKeysRouter } from "./api-keys";
import { auditRouter } from "./audit";
import { connectionsRouter } from "./connections";
import { flowsRouter } from "./flows";
import { mappingsRouter } from "./mappings";
import { runsRouter } from "./runs";
import { templatesRouter } from "./templates";
import { paletteRouter } from "./palette";
import { usersRouter } from "./users";
import { deadLettersRouter } from "./dead-letters";
import { dashboardRouter } from "./dashboard";
import { alertsRouter } from "./alerts";
import { retentionRouter } from "./retention";
import { lookupsRouter } from "./lookups";
import { partnersRouter } from "./partners";
import { ediRouter } from "./edi";

/** One router per domain. */
export const appRouter = router({
  connections: connectionsRouter,
  flows: flowsRouter,
  mappings: mappingsRouter,
  runs: runsRouter,
  users: usersRouter,
  palette: paletteRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
  templates: templatesRouter,
  deadLetters: deadLettersRouter,
  dashboard: dashboardRouter,
  alerts: alertsRouter,
  retention: retentionRouter,
  lookups: lookupsRouter,
  partners: partnersRouter,
  edi: ediRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side calls without HTTP (tests, and later server components): `createCaller(ctx).flows.list()`. */
export const createCaller = createCallerFactory(appRouter);
