"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { QueryError } from "@/components/query-error";
import { useTRPC } from "@/trpc/client";

/** Start from an empty canvas: a name, and the flow opens in the editor. */
export function NewBlankFlowForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.flows.create.mutationOptions({ onSuccess: ({ flowId }) => router.push(`/flows/${flowId}`) }));
  const [name, setName] = useState("");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ name, environment: "sandbox" });
  }

  return (
    <form className="card new-mapping" onSubmit={submit} data-testid="new-blank-flow-form">
      <label className="field" style={{ flex: 1 }}>
        Blank flow — name
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} placeholder="e.g. Orders to the ERP" data-testid="blank-flow-name" />
      </label>
      <button type="submit" className="button" disabled={create.isPending} data-testid="create-blank-flow">
        Start from a blank canvas
      </button>
      <QueryError error={create.error} />
    </form>
  );
}
