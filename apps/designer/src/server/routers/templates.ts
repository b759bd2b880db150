import { z } from "zod";
import { actorOf } from "../context";
import { lookupsReportSchema } from "../services/flow-lookups";
import { installTemplate, listTemplates } from "../services/templates";
import { analystProcedure, router, viewerProcedure } from "../trpc";

const templateSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  steps: z.array(z.string()),
  connections: z.array(
    z.object({
      key: z.string(),
      connectorId: z.string(),
      label: z.string(),
      /** Environment name → names of the connections of this connector there. */
      available: z.record(z.string(), z.array(z.string())),
    }),
  ),
  /** Trading partners the template needs (EDI); per environment, the partners there by name. */
  partners: z.array(z.object({ key: z.string(), label: z.string(), sets: z.array(z.string()), available: z.record(z.string(), z.array(z.string())) })),
  /** The cross-reference tables the template reads; per environment, those missing or without entries there. */
  lookups: z.object({ tables: z.array(z.string()), missing: z.record(z.string(), z.array(z.string())) }),
});

/** Prebuilt flows ("New flow from template"). */
export const templatesRouter = router({
  list: viewerProcedure.output(z.array(templateSchema)).query(({ ctx }) => listTemplates(ctx.db)),

  /** Creates the template's flow as a draft; refused (BAD_REQUEST, naming the key) when a connection is unbound or unusable. */
  install: analystProcedure
    .input(
      z.object({
        templateId: z.string().min(1),
        name: z.string().trim().min(1, "a flow name is required").max(200),
        environment: z.string().min(1),
        bindings: z.record(z.string(), z.string()),
      }),
    )
    .output(z.object({ flowId: z.string(), lookups: lookupsReportSchema }))
    .mutation(({ ctx, input }) => installTemplate(ctx.db, actorOf(ctx), input)),
});
