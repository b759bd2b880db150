import type { Metadata } from "next";
import { FlowEditor } from "@/components/canvas/flow-editor";

export const metadata: Metadata = { title: "Flow" };

/** The flow editor; `?run=<runId>` replays a past run's data on the canvas (read-only). */
export default async function FlowPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ run?: string | string[] }> }) {
  const { id } = await params;
  const { run } = await searchParams;
  return <FlowEditor flowId={id} runId={typeof run === "string" && run !== "" ? run : null} />;
}
