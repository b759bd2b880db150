import type { TradingPartnerView } from "@ipaas/db";
import { evaluateExpression, validateOutput } from "@ipaas/mapping-engine";
import { mappingTargetSchemas, standardLookup, x12850ToPurchaseOrder } from "@ipaas/standard-mappings";
import { readTransactionSet, writeTransactionSet, X12_DOCUMENT_SET_IDS, type TransactionSet, type X12Document } from "@ipaas/x12";
import { buildCertificationReport, type CertificationReport, type SetCodec, type SetMapping } from "./edi-certification";
import { certificationHtml } from "./edi-certification-html";

/** Typed JSON for every set @ipaas/x12 models (docs/architecture.md "X12"). */
const TYPED_JSON: SetCodec = {
  read: (set, delimiters) => readTransactionSet(set, delimiters),
  write: (json, controlNumber) => {
    const { functionalId: _gs01, ...body } = writeTransactionSet(json as X12Document);
    return { ...body, controlNumber };
  },
};
export const SET_CODECS = new Map(X12_DOCUMENT_SET_IDS.map((id) => [id as string, TYPED_JSON]));

/** A shipped mapping from X12 to a canonical object, checked against the canonical schema. */
function standardMapping(mapping: { expression: string }, target: string): SetMapping {
  return {
    target,
    toCanonical: async (set: TransactionSet) => {
      // The shipped X12 mappings read the set's typed JSON (docs/architecture.md "X12").
      const output = await evaluateExpression(mapping.expression, readTransactionSet(set), { lookup: standardLookup() });
      const schema = mappingTargetSchemas[target];
      const issues = schema ? validateOutput(schema, output) : [];
      if (issues.length > 0) throw new Error(`the ${target} does not fit the canonical model: ${issues.map((i) => `${i.path || "(root)"} ${i.message}`).join("; ")}`);
      return output;
    },
  };
}

/**
 * Standard mappings from a set to the canonical model, and back where one exists (docs/architecture.md
 * "EDI dashboard and onboarding"). Today only the 850 has a shipped X12 → canonical mapping; the
 * 856 and 810 mappings run the other way (canonical → X12), so their samples report "not available".
 */
export const SET_MAPPINGS = new Map<string, SetMapping>([["850", standardMapping(x12850ToPurchaseOrder, "PurchaseOrder")]]);

/** The onboarding harness for one partner: the report and its downloadable HTML. */
export async function certifySamples(partner: TradingPartnerView, files: Array<{ name: string; text: string }>, now = new Date()): Promise<{ report: CertificationReport; html: string }> {
  const report = await buildCertificationReport(partner, files, { codecs: SET_CODECS, mappings: SET_MAPPINGS }, now);
  return { report, html: certificationHtml(report) };
}
