import { ALERT_RULE_KINDS, ALERT_STATUSES } from "@ipaas/db/enums";
import { z } from "zod";
import { actorOf, outboundOf } from "../context";
import { countFiringAlerts, createRule, deleteAlertRule, listAlertRules, listAlerts, testNotification, updateRule } from "../services/alerts";
import { operatorProcedure, router, viewerProcedure } from "../trpc";

const id = z.object({ id: z.uuid() });
const kind = z.enum(ALERT_RULE_KINDS);
const name = z.string().trim().min(1, "a name is required").max(100);
const threshold = z.number().int().min(0, "the threshold must be 0 or more").max(1_000_000);
const windowMinutes = z.number().int().min(1, "the window is 1 to 1440 minutes").max(1440, "the window is 1 to 1440 minutes");
/** The webhook URL is a credential: checked for shape, never echoed (zod's messages do not include the value). */
const webhookUrl = z.url({ protocol: /^https?$/, error: "the webhook URL must be an http(s) URL" }).max(2000);

/** The masked API shape: whether a webhook is set and its hint, never the URL. */
const ruleSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind,
  flowId: z.string().nullable(),
  flowName: z.string().nullable(),
  partnerId: z.string().nullable(),
  partnerName: z.string().nullable(),
  threshold: z.number().int(),
  windowMinutes: z.number().int(),
  enabled: z.boolean(),
  webhookSet: z.boolean(),
  webhookHint: z.string().nullable(),
  firing: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const alertSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  kind,
  flowId: z.string().nullable(),
  flowName: z.string().nullable(),
  status: z.enum(ALERT_STATUSES),
  message: z.string(),
  value: z.number(),
  firedAt: z.date(),
  resolvedAt: z.date().nullable(),
  notifiedAt: z.date().nullable(),
  /** The last webhook delivery failure (status, timeout, …): never the URL. */
  notifyError: z.string().nullable(),
  webhookSet: z.boolean(),
});

/** Everyone may see alerts and rules (without webhook URLs); operators and admins change rules. */
export const alertsRouter = router({
  rules: viewerProcedure.output(z.array(ruleSchema)).query(({ ctx }) => listAlertRules(ctx.db)),

  createRule: operatorProcedure
    .input(
      z.object({
        name,
        kind,
        flowId: z.uuid().nullable().default(null),
        /** edi_overdue: one trading partner, or null for all. */
        partnerId: z.uuid().nullable().default(null),
        threshold: threshold.default(0),
        windowMinutes: windowMinutes.default(15),
        enabled: z.boolean().default(true),
        webhookUrl: webhookUrl.nullable().default(null),
      }),
    )
    .output(ruleSchema)
    .mutation(({ ctx, input }) => createRule(ctx.db, { ...input, keyRing: ctx.keyRing ?? null, actor: actorOf(ctx) })),

  /** Given fields replace; `webhookUrl`: a string replaces, null clears, absent keeps. */
  updateRule: operatorProcedure
    .input(
      id.extend({
        name: name.optional(),
        kind: kind.optional(),
        flowId: z.uuid().nullable().optional(),
        partnerId: z.uuid().nullable().optional(),
        threshold: threshold.optional(),
        windowMinutes: windowMinutes.optional(),
        enabled: z.boolean().optional(),
        webhookUrl: webhookUrl.nullable().optional(),
      }),
    )
    .output(ruleSchema)
    .mutation(({ ctx, input }) => updateRule(ctx.db, { ...input, keyRing: ctx.keyRing ?? null, actor: actorOf(ctx) })),

  deleteRule: operatorProcedure
    .input(id)
    .output(id)
    .mutation(async ({ ctx, input }) => {
      await deleteAlertRule(ctx.db, { id: input.id, actor: actorOf(ctx) });
      return { id: input.id };
    }),

  /** Posts a test message to the rule's saved webhook and says whether it was accepted. */
  testNotification: operatorProcedure
    .input(id)
    .output(z.object({ ok: z.boolean(), message: z.string() }))
    .mutation(({ ctx, input }) => testNotification(ctx.db, { id: input.id, keyRing: ctx.keyRing ?? null, actor: actorOf(ctx), outbound: outboundOf(ctx) })),

  /** Firing alerts first, then the most recent resolved ones. */
  list: viewerProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50), ruleId: z.uuid().optional() }).default({ limit: 50 }))
    .output(z.array(alertSchema))
    .query(({ ctx, input }) => listAlerts(ctx.db, input)),

  /** For the nav badge. */
  firingCount: viewerProcedure.output(z.object({ count: z.number().int() })).query(async ({ ctx }) => ({ count: await countFiringAlerts(ctx.db) })),
});
