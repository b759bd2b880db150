import type { TradingPartnerView } from "@ipaas/db";
import { buildCertificationReport, type CertificationReport, type SetCodecs } from "./edi-certification";
import { certificationHtml } from "./edi-certification-html";

/**
 * Typed JSON readers/writers and standard mappings per set, as @ipaas/x12 offers them. Empty until
 * the typed JSON API lands: every set then reports "mapped: not available" and round-trips
 * segment by segment (docs/architecture.md "EDI dashboard and onboarding").
 */
export const SET_CODECS: SetCodecs = new Map();

/** The onboarding harness for one partner: the report and its downloadable HTML. */
export function certifySamples(partner: TradingPartnerView, files: Array<{ name: string; text: string }>, now = new Date()): { report: CertificationReport; html: string } {
  const report = buildCertificationReport(partner, files, SET_CODECS, now);
  return { report, html: certificationHtml(report) };
}
