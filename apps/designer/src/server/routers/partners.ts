import {
  createTradingPartner,
  deleteTradingPartner,
  getTradingPartner,
  listTradingPartners,
  partnerFieldsSchema,
  partnerFieldsUpdateSchema,
  partnerSecretsSchema,
  partnerSecretsUpdateSchema,
  resendOutboundInterchange,
  TRANSPORT_SECRET_FIELDS,
  updateTradingPartner,
} from "@ipaas/db";
import { z } from "zod";
import { actorOf } from "../context";
import { keyRequired } from "../services/connections";
import { generatePartnerAs2Certificate } from "../services/partner-as2";
import { adminProcedure, operatorProcedure, router, viewerProcedure } from "../trpc";

const id = z.object({ id: z.uuid() });
const name = z.string().trim().min(1, "a name is required").max(100);
const environment = z.string().min(1).max(40);

/**
 * The masked API shape: the settings as the one schema defines them (docs/architecture.md
 * "Trading partners"), and for each credential only that it is set and when.
 */
const partnerSchema = partnerFieldsSchema.extend({
  id: z.string(),
  name: z.string(),
  environment: z.string(),
  secrets: z.partialRecord(z.enum(TRANSPORT_SECRET_FIELDS), z.object({ set: z.literal(true), updatedAt: z.date().nullable() })),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** Reads are open to every role (analysts build EDI flows against partners); writes hold credentials, so admins only, like connections. */
export const partnersRouter = router({
  list: viewerProcedure
    .input(z.object({ environment: environment.optional() }).optional())
    .output(z.array(partnerSchema))
    .query(({ ctx, input }) => listTradingPartners(ctx.db, input)),

  byId: viewerProcedure
    .input(id)
    .output(partnerSchema)
    .query(({ ctx, input }) => getTradingPartner(ctx.db, input.id)),

  create: adminProcedure
    .input(z.object({ name, environment, fields: partnerFieldsSchema, secrets: partnerSecretsSchema.default({}) }))
    .output(partnerSchema)
    .mutation(({ ctx, input }) => keyRequired(() => createTradingPartner(ctx.db, { ...input, keyRing: ctx.keyRing ?? null, actor: actorOf(ctx) }))),

  /** Each field of `fields` given replaces that setting; in `secrets` a string replaces a credential, null clears it, an absent one keeps it. */
  update: adminProcedure
    .input(id.extend({ name: name.optional(), fields: partnerFieldsUpdateSchema.optional(), secrets: partnerSecretsUpdateSchema.optional() }))
    .output(partnerSchema)
    .mutation(({ ctx, input }) => keyRequired(() => updateTradingPartner(ctx.db, { ...input, keyRing: ctx.keyRing ?? null, actor: actorOf(ctx) }))),

  /** A new AS2 certificate for us with this partner: the certificate into its AS2 settings, the private key sealed. */
  generateAs2Certificate: adminProcedure
    .input(id)
    .output(partnerSchema)
    .mutation(({ ctx, input }) => keyRequired(() => generatePartnerAs2Certificate(ctx.db, { id: input.id, keyRing: ctx.keyRing ?? null, actor: actorOf(ctx) }))),

  delete: adminProcedure
    .input(id)
    .output(id)
    .mutation(async ({ ctx, input }) => {
      await deleteTradingPartner(ctx.db, { id: input.id, actor: actorOf(ctx) });
      return { id: input.id };
    }),

  /**
   * Sends a failed outbound interchange again, like retrying a dead letter (operators): it goes
   * back to queued, audited, and the runtime's EDI sweep gives it its delivery job
   * (docs/architecture.md "EDI documents").
   */
  resendInterchange: operatorProcedure
    .input(z.object({ interchangeId: z.uuid() }))
    .output(z.object({ interchangeId: z.string(), status: z.literal("queued") }))
    .mutation(async ({ ctx, input }) => {
      await resendOutboundInterchange(ctx.db, { interchangeId: input.interchangeId, actor: actorOf(ctx) });
      return { interchangeId: input.interchangeId, status: "queued" as const };
    }),
});
