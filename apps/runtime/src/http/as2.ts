import { receiveAs2, sendAsyncMdn, type As2PartnerIdentity, type As2ReceiveResult } from "@ipaas/connectors";
import { findPartnerByAs2Ids, setInterchangeMdn, type Db, type KeyRing, type TradingPartnerRow } from "@ipaas/db";
import type { ConnectionResolver } from "@ipaas/execution";
import type { EdiDeliveryJob, RunJob } from "@ipaas/jobs";
import type { Queue } from "bullmq";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "../logger";
import { openPartnerSecrets } from "../edi/partner-secrets";
import type { Refusals } from "./refusals";

export interface As2Deps {
  db: Db;
  queue: Queue<RunJob>;
  deliveries: Queue<EdiDeliveryJob>;
  keyRing: KeyRing | null;
  connections: ConnectionResolver;
  refusals: Refusals;
  logger: Logger;
}

type Identity = As2PartnerIdentity & { partner: TradingPartnerRow };

/** AS2's own refusals (negative MDNs) that mean "not this sender": they count against the source like a bad webhook signature. */
const AUTH_FAILURES = new Set(["unknown_partner", "authentication_failed", "decryption_failed", "integrity_check_failed"]);

/**
 * AS2 ingress (docs/architecture.md "Ingress", "EDI documents"): `POST /as2` and `/as2/:partnerId`.
 * Its authentication is AS2's own, per partner — the message is decrypted with our key for the
 * partner named by AS2-From/AS2-To and its signature checked against their certificate
 * (`receiveAs2`, @ipaas/connectors) — so it takes no webhook scheme or API key. The bytes go
 * to `receiveInterchange` (stored first) and only then is the MDN answered: a positive MDN means
 * the file is stored; a failure before that answers 500, no MDN, and the sender retries.
 */
export function registerAs2(app: FastifyInstance, deps: As2Deps) {
  // Own scope: AS2 bodies are S/MIME in any content type, read as bytes and never parsed here.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
    const schema = (summary: string, params?: object) => ({
      summary,
      description:
        "AS2 (RFC 4130) inbound EDI. Authenticated by AS2 itself, per trading partner: the message must be signed with the partner's certificate (always) and encrypted when the partner's AS2 settings say so. " +
        "Answers with the MDN (sync), or 200 and the MDN posted to the sender's Receipt-Delivery-Option (async). 500 without an MDN when the file could not be stored: resend.",
      ...(params ? { params } : {}),
    });
    const handler = async (req: FastifyRequest<{ Params: { partnerId?: string } }>, reply: FastifyReply) => {
      const partnerId = req.params.partnerId;
      const target = { action: "as2.rejected", targetType: "trading_partner", targetId: partnerId ?? null };
      if (!(await deps.refusals.admit(req, reply, target))) return reply;
      const result: As2ReceiveResult<Identity> = await receiveAs2<Identity>({
        headers: req.headers,
        body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        resolve: async (from, to) => {
          const partner = await findPartnerByAs2Ids(deps.db, { from, to, ...(partnerId ? { partnerId } : {}) });
          if (partner?.transport?.kind !== "as2") return null;
          const s = partner.transport.settings;
          const secrets = openPartnerSecrets(partner, deps.keyRing);
          // Always signed: AS2-From/AS2-To are no secret, so the partner's signature is this ingress's only
          // authentication (a partner without a certificate on file can send nothing). `sign` governs what we send.
          return { partner, ourCertificate: s.ourCertificate, ourPrivateKey: secrets.privateKey, ourPassphrase: secrets.passphrase, partnerCertificate: s.partnerCertificate, requireSigned: true, requireEncrypted: s.encrypt };
        },
      });
      if (result.ok) {
        // Loaded on first use: the X12 engine stays off the start-up path of a runtime that never sees EDI.
        const { receiveInterchange } = await import("../edi/receive");
        const received = await receiveInterchange({ db: deps.db, runs: deps.queue, deliveries: deps.deliveries }, { partnerId: result.identity.partner.id, raw: result.payload, transport: "as2", transportRef: result.messageId });
        await setInterchangeMdn(deps.db, { id: received.interchangeId, mdn: { messageId: result.messageId, mic: result.mic, signed: result.signed, encrypted: result.encrypted, disposition: "processed", async: Boolean(result.mdn?.asyncUrl) } });
      } else {
        deps.logger.warn({ from: result.from, to: result.to, code: result.error.code }, "AS2 message refused");
        if (AUTH_FAILURES.has(result.error.code)) await deps.refusals.note(req, target, result.error.code);
      }
      const mdn = result.mdn;
      if (mdn?.asyncUrl) {
        // The URL is the sender's: it goes through the outbound policy like any request made for a partner.
        void sendAsyncMdn({ policy: deps.connections.outbound, mdn }).catch((err: unknown) => deps.logger.warn({ err: (err as Error).message }, "async MDN not delivered"));
        return reply.code(200).send();
      }
      if (mdn) return reply.code(200).headers(mdn.headers).send(mdn.body);
      return reply.code(result.ok ? 200 : 400).send();
    };
    scope.post("/as2", { schema: schema("Receive an AS2 message (partner found by AS2-From / AS2-To)") }, handler);
    scope.post<{ Params: { partnerId: string } }>(
      "/as2/:partnerId",
      { schema: schema("Receive an AS2 message for one trading partner", { type: "object", properties: { partnerId: { type: "string", format: "uuid" } }, required: ["partnerId"] }) },
      handler,
    );
  });
}
