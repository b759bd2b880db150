import type { Metadata } from "next";
import { VersionHistoryView } from "@/components/versions/version-history-view";

export const metadata: Metadata = { title: "Version history" };

export default async function FlowVersionsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <VersionHistoryView flowId={id} />;
}
