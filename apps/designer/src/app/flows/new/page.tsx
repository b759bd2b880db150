import type { Metadata } from "next";
import { NewFromTemplateView } from "@/components/templates/new-from-template-view";

export const metadata: Metadata = { title: "New flow from template" };

export default function NewFlowFromTemplatePage() {
  return <NewFromTemplateView />;
}
