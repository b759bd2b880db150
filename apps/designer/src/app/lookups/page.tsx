import type { Metadata } from "next";
import { LookupsView } from "@/components/lookups/lookups-view";

export const metadata: Metadata = { title: "Lookups" };

export default function LookupsPage() {
  return <LookupsView />;
}
