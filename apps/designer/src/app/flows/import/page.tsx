import type { Metadata } from "next";
import { ImportFlowView } from "@/components/versions/import-flow-view";

export const metadata: Metadata = { title: "Import a flow" };

export default function ImportFlowPage() {
  return <ImportFlowView />;
}
