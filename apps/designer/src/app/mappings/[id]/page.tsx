import type { Metadata } from "next";
import { MappingEditorView } from "./mapping-editor-view";

export const metadata: Metadata = { title: "Mapping" };

export default async function MappingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <MappingEditorView id={id} />;
}
