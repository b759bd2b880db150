"use client";

import { listTargetName, targetLabel } from "@/lib/target-fields";

/**
 * The target schema choices of a <select>: each object, then a list of each
 * ("InventoryPosition[]", shown as "list of InventoryPosition"), canonical objects
 * before outside documents (Shopify inputs, X12).
 */
export function TargetSchemaOptions({ schemas }: { schemas: ReadonlyArray<{ name: string; kind: "canonical" | "external" }> }) {
  const group = (kind: "canonical" | "external") => schemas.filter((s) => s.kind === kind).map((s) => s.name);
  const canonical = group("canonical");
  const external = group("external");
  const options = (names: string[]) =>
    names.map((name) => (
      <option key={name} value={name}>
        {targetLabel(name)}
      </option>
    ));
  return (
    <>
      <optgroup label="Canonical objects">{options(canonical)}</optgroup>
      <optgroup label="Lists of canonical objects">{options(canonical.map(listTargetName))}</optgroup>
      {external.length > 0 && <optgroup label="Outside documents">{options([...external, ...external.map(listTargetName)])}</optgroup>}
    </>
  );
}
