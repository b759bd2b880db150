import type { MappingInput } from "@ipaas/mapping-engine";

/** The standard mappings shipped with the product, each with golden test cases. */
export const standardMappings: MappingInput[] = [];
