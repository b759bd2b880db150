"use client";

import type { Problem } from "@ipaas/flow";
import { useMemo, type ReactNode } from "react";
import { ExpressionField } from "@/components/node-panel/expression-field";
import { usePreview } from "@/hooks/use-preview";
import { collectPaths } from "@/lib/json-paths";
import type { CompletionData } from "@/lib/jsonata/completion";

/**
 * What the runtime makes of a business key's result (computeBusinessKey in @ipaas/flow): a
 * string, number or boolean becomes the key; nothing, null or an object leaves the run without one.
 */
function keyOf(result: unknown): string | null {
  return result === undefined || result === null || typeof result === "object" ? null : String(result);
}

/**
 * The business-key expression with a live preview on the trigger's sample, evaluated on
 * the server in the sandbox (the mapping editor's preview), as every run's key would be.
 */
export function BusinessKeyField(props: { value: string | undefined; sample: unknown; problems: Problem[]; readOnly: boolean; onChange(value: string | undefined): void }) {
  const expression = props.value ?? "";
  const sampleText = useMemo(() => JSON.stringify(props.sample ?? {}), [props.sample]);
  const preview = usePreview({ expression, sampleText, sampleOk: expression.trim() !== "", targetSchema: null });
  const completion = useMemo<CompletionData>(() => ({ paths: collectPaths(props.sample ?? {}), functions: [], targetFields: [] }), [props.sample]);

  let shown: ReactNode = <span className="muted">Type an expression over the trigger payload, e.g. order_number</span>;
  if (expression.trim() !== "" && preview.data && preview.data.expression === expression) {
    if (!preview.data.ok) shown = <span className="np-problem">{preview.data.error.message}</span>;
    else {
      const key = keyOf(preview.data.result);
      shown = key === null ? <span className="muted">(no key: the result is empty or not a single value)</span> : <code className="mono">{key}</code>;
    }
  } else if (expression.trim() !== "" && preview.pending) shown = <span className="muted">evaluating…</span>;

  return (
    <>
      <ExpressionField
        label="Business key"
        value={expression}
        onChange={(text) => props.onChange(text.trim() === "" ? undefined : text)}
        problems={props.problems}
        completion={completion}
        readOnly={props.readOnly}
        testId="settings-business-key"
      />
      <div className="small" data-testid="business-key-preview">
        <span className="np-label">Preview on the trigger sample: </span>
        {shown}
      </div>
      {props.sample === undefined && <span className="muted small">The trigger has no sample payload yet: set one on the trigger step to preview the key.</span>}
    </>
  );
}
