import type { Metadata } from "next";
import { FlowEditor } from "@/components/canvas/flow-editor";

export const metadata: Metadata = { title: "Flow" };

const one = (value: string | string[] | undefined) => (typeof value === "string" && value !== "" ? value : null);

/** The flow editor; `?run=<runId>` shows a past run's data on the canvas (read-only); `?replayRun=<runId>` test-runs the draft with it. */
export default async function FlowPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ run?: string | string[]; replayRun?: string | string[] }> }) {
  const { id } = await params;
  const { run, replayRun } = await searchParams;
  return <FlowEditor flowId={id} runId={one(run)} replayRunId={one(replayRun)} />;
}
