import { z } from "zod";
import { connectorCatalog, nodeTypeCatalog } from "../services/palette";
import { router, viewerProcedure } from "../trpc";

const nodeTypeEntry = z.object({
  type: z.string(),
  label: z.string(),
  description: z.string(),
  category: z.enum(["trigger", "logic", "data", "connector"]),
  configSchema: z.unknown(),
});

const connectorEntry = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  icon: z.string().nullable(),
  actions: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      description: z.string(),
      sideEffect: z.boolean(),
      inputSchema: z.unknown(),
      outputSchema: z.unknown(),
      sampleInput: z.unknown(),
      sampleOutput: z.unknown(),
    }),
  ),
  polls: z.array(z.object({ key: z.string(), name: z.string(), description: z.string(), optionsSchema: z.unknown(), sample: z.unknown() })),
  webhookEvents: z.array(z.object({ topic: z.string(), description: z.string(), sample: z.unknown() })),
  verifiesWebhooks: z.boolean(),
});

/** The canvas palette: node types and connector operations, generated from the flow model and the registry. */
export const paletteRouter = router({
  get: viewerProcedure
    .output(z.object({ nodeTypes: z.array(nodeTypeEntry), connectors: z.array(connectorEntry) }))
    .query(() => ({ nodeTypes: nodeTypeCatalog(), connectors: connectorCatalog() })),
});
