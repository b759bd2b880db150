import type { Metadata } from "next";
import { Suspense } from "react";
import { LookupTableView } from "@/components/lookups/lookup-table-view";

export const metadata: Metadata = { title: "Lookup table" };

export default async function LookupTablePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense>
      <LookupTableView id={id} />
    </Suspense>
  );
}
