import type { Metadata } from "next";
import { LibraryMappingView } from "@/components/mapping/library-mapping-view";

export const metadata: Metadata = { title: "Standard mapping" };

export default async function LibraryMappingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <LibraryMappingView id={id} />;
}
