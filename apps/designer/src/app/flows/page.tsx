import type { Metadata } from "next";
import { FlowsView } from "./flows-view";

export const metadata: Metadata = { title: "Flows" };

export default function FlowsPage() {
  return <FlowsView />;
}
