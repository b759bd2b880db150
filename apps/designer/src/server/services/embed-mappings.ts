import { getMapping, type Db } from "@ipaas/db";
import { standardMappingRef } from "@ipaas/standard-mappings";
import { libraryMapping } from "./mapping-library";

/**
 * Nodes may use a saved Mapping instead of an inline expression: a `map` node with
 * `config.mappingId`, an `action` with `config.inputMappingId`. On publish the
 * mapping's current expression is copied into the version (with the mapping's id
 * and version beside it), so a published version never changes when the mapping
 * is edited later — editing a mapping takes effect with the next publish.
 * A `std:<id>` reference names a library mapping (services/mapping-library.ts):
 * it is embedded the same way, from the catalogue shipped with this release.
 */
export async function embedSavedMappings(db: Db, draft: unknown): Promise<unknown> {
  if (!draft || typeof draft !== "object" || !Array.isArray((draft as { nodes?: unknown }).nodes)) return draft;
  const definition = draft as { nodes: Array<{ type?: string; config?: Record<string, unknown> }> };
  const nodes = await Promise.all(
    definition.nodes.map(async (node) => {
      const config = node.config ?? {};
      const ref = node.type === "map" ? config.mappingId : node.type === "action" ? config.inputMappingId : undefined;
      if (typeof ref !== "string" || ref === "") return node;
      const libraryId = standardMappingRef(ref);
      const mapping = libraryId === null ? await getMapping(db, ref) : libraryMapping(libraryId);
      const field = node.type === "map" ? "expression" : "input";
      return { ...node, config: { ...config, [field]: mapping.expression, mappingVersion: mapping.version } };
    }),
  );
  return { ...definition, nodes };
}
