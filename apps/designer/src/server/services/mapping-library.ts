import { DEFAULT_LOOKUP_ENVIRONMENT, listLookupTables, NotFoundError, type AuditActor, type Db, type MappingRow } from "@ipaas/db";
import { evaluateIsolated, runMappingTests, type MappingTestReport } from "@ipaas/mapping-engine";
import { findStandardMapping, mappingTargetSchemas, STANDARD_MAPPING_REF_PREFIX, standardLookup, standardMappingCatalogue, type StandardMapping } from "@ipaas/standard-mappings";
import { createMappingAudited } from "./mapping-changes";

/**
 * The mapping library (docs/architecture.md "Expressions and the sandbox"): the
 * standard mappings, read-only, with their golden examples. A flow uses one by
 * reference (`std:<id>`, embedded on publish like a saved mapping) or a user copies
 * it into an editable saved mapping.
 */

export interface LibraryMappingSummary {
  id: string;
  /** What a map node stores in `mappingId`. */
  ref: string;
  name: string;
  description: string;
  source: string;
  target: string;
  targetSchema: string | null;
  version: number;
  testCount: number;
  lookupTables: string[];
}

function summaryOf(m: StandardMapping): LibraryMappingSummary {
  return {
    id: m.id,
    ref: `${STANDARD_MAPPING_REF_PREFIX}${m.id}`,
    name: m.name,
    description: m.description,
    source: m.source,
    target: m.target,
    targetSchema: m.targetSchema,
    version: m.version,
    testCount: m.tests.length,
    lookupTables: m.lookupTables,
  };
}

export function listLibraryMappings(): LibraryMappingSummary[] {
  return standardMappingCatalogue.map(summaryOf);
}

/** A library mapping by id; NotFoundError (a 404) for an id the catalogue lacks. */
export function libraryMapping(id: string): StandardMapping {
  const mapping = findStandardMapping(id);
  if (!mapping) throw new NotFoundError(`There is no standard mapping "${id}"`);
  return mapping;
}

/**
 * The mapping with, per table it reads, whether a table of that name exists here:
 * the golden examples use example values, a flow reads this installation's tables.
 */
export async function getLibraryMapping(db: Db, id: string): Promise<StandardMapping & { ref: string; missingTables: string[] }> {
  const mapping = libraryMapping(id);
  const here = new Set((await listLookupTables(db, { environment: DEFAULT_LOOKUP_ENVIRONMENT })).map((t) => t.name));
  return { ...mapping, ref: `${STANDARD_MAPPING_REF_PREFIX}${mapping.id}`, missingTables: mapping.lookupTables.filter((t) => !here.has(t)) };
}

/**
 * Runs the golden examples through the engine's sandbox threads, as the editor's
 * test runs do. Cross-references come from the example tables the examples were
 * written against (not this installation's), so a correct mapping shows as passing
 * wherever it is opened; the expression and inputs are fixed, so viewers may run it.
 */
export async function runLibraryExamples(id: string): Promise<MappingTestReport> {
  const mapping = libraryMapping(id);
  return runMappingTests({ ...mapping, targetSchema: mapping.targetSchema ?? undefined }, { targetSchemas: mappingTargetSchemas, lookup: standardLookup(), evaluate: evaluateIsolated });
}

/** Copies a library mapping into an editable saved mapping (audited as a create that names its origin). */
export async function copyLibraryMapping(db: Db, actor: AuditActor, params: { id: string; name?: string }): Promise<MappingRow> {
  const mapping = libraryMapping(params.id);
  const fields = {
    name: params.name ?? mapping.name,
    description: mapping.description,
    sourceSample: mapping.sourceSample,
    targetSchema: mapping.targetSchema,
    expression: mapping.expression,
    tests: mapping.tests,
  };
  return createMappingAudited(db, actor, fields, { copiedFrom: `${STANDARD_MAPPING_REF_PREFIX}${mapping.id}`, copiedVersion: mapping.version });
}
