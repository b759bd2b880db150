"use client";

import type { Problem } from "@ipaas/flow";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { CompletionData } from "@/lib/jsonata/completion";
import { useTRPC } from "@/trpc/client";
import { problemsAt } from "./config-fields";
import { ExpressionField } from "./expression-field";
import { FieldProblems } from "./field-problems";

/** What a map node stores for a library mapping: `std:<id>` (services/mapping-library.ts). */
const LIBRARY_PREFIX = "std:";

/**
 * A map node transforms with its own expression, a saved Mapping (`mappingId`: its
 * uuid) or a standard mapping from the library (`mappingId`: `std:<id>`, used
 * read-only; copy it on the Mappings page to change it). Choosing one also copies
 * its current expression into the node, so that validation and "Test step" see
 * what will run; publish re-embeds the mapping's latest version
 * (services/embed-mappings.ts).
 */
export function MapSource(props: {
  config: Record<string, unknown>;
  onChange(patch: Record<string, unknown>): void;
  problems: Problem[];
  completion: CompletionData;
  readOnly: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mappingId = typeof props.config.mappingId === "string" && props.config.mappingId !== "" ? props.config.mappingId : undefined;
  const [mode, setMode] = useState<"expression" | "mapping">(mappingId ? "mapping" : "expression");
  const mappings = useQuery({ ...trpc.mappings.list.queryOptions(), enabled: mode === "mapping" });
  const library = useQuery({ ...trpc.mappings.library.list.queryOptions(undefined, { staleTime: Infinity }), enabled: mode === "mapping" });
  const libraryId = mappingId?.startsWith(LIBRARY_PREFIX) ? mappingId.slice(LIBRARY_PREFIX.length) : undefined;
  const [loadError, setLoadError] = useState<string>();
  const expression = typeof props.config.expression === "string" ? props.config.expression : "";

  const chooseMapping = async (id: string) => {
    setLoadError(undefined);
    if (id === "") return props.onChange({ mappingId: undefined });
    try {
      const mapping = id.startsWith(LIBRARY_PREFIX)
        ? await queryClient.fetchQuery(trpc.mappings.library.get.queryOptions({ id: id.slice(LIBRARY_PREFIX.length) }))
        : await queryClient.fetchQuery(trpc.mappings.get.queryOptions({ id }));
      props.onChange({ mappingId: id, expression: mapping.expression });
    } catch (err) {
      setLoadError(err instanceof Error ? err.message : "could not load the mapping");
    }
  };

  return (
    <fieldset className="np-group" data-testid="map-source">
      <legend className="np-label">Transformation</legend>
      <div className="np-mode" role="radiogroup" aria-label="Transformation source">
        <label className="check">
          <input type="radio" name="np-map-mode" checked={mode === "expression"} disabled={props.readOnly} onChange={() => { setMode("expression"); if (mappingId) props.onChange({ mappingId: undefined }); }} data-testid="map-mode-expression" />
          Expression
        </label>
        <label className="check">
          <input type="radio" name="np-map-mode" checked={mode === "mapping"} disabled={props.readOnly} onChange={() => setMode("mapping")} data-testid="map-mode-mapping" />
          Saved or library mapping
        </label>
      </div>
      {mode === "mapping" ? (
        <div className="np-field">
          <label className="np-label" htmlFor="np-mapping">
            Mapping
          </label>
          <select id="np-mapping" className="input" value={mappingId ?? ""} disabled={props.readOnly} onChange={(e) => void chooseMapping(e.target.value)} data-testid="map-mapping">
            <option value="">— choose a mapping —</option>
            <optgroup label="My mappings">
              {mappings.data?.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} (v{m.version})
                </option>
              ))}
            </optgroup>
            <optgroup label="Library (standard, read-only)">
              {library.data?.map((m) => (
                <option key={m.ref} value={m.ref}>
                  {m.name} (standard v{m.version})
                </option>
              ))}
            </optgroup>
          </select>
          {mappingId && (
            <span className="small">
              {libraryId ? (
                <>
                  <Link href={`/mappings/library/${libraryId}`}>Open in the library</Link> <span className="muted">— a standard mapping: the flow uses this release&apos;s version when published; copy it there to change it.</span>
                </>
              ) : (
                <>
                  <Link href={`/mappings/${mappingId}`}>Open in the mapping editor</Link> <span className="muted">— the flow uses its latest version when published.</span>
                </>
              )}
            </span>
          )}
          <FieldProblems problems={problemsAt(props.problems, "mappingId")} local={loadError} />
          {expression && <pre className="np-readonly-expr mono">{expression}</pre>}
          <FieldProblems problems={problemsAt(props.problems, "expression")} />
        </div>
      ) : (
        <ExpressionField label="Expression" value={expression} onChange={(text) => props.onChange({ expression: text })} problems={problemsAt(props.problems, "expression")} completion={props.completion} readOnly={props.readOnly} required large testId="config-expression" />
      )}
    </fieldset>
  );
}
