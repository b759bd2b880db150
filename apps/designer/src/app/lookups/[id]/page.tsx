import type { Metadata } from "next";
import { LookupTableView } from "@/components/lookups/lookup-table-view";

export const metadata: Metadata = { title: "Lookup table" };

export default async function LookupTablePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <LookupTableView id={id} />;
}
