import type { Metadata } from "next";
import { MappingsView } from "./mappings-view";

export const metadata: Metadata = { title: "Mappings" };

export default function MappingsPage() {
  return <MappingsView />;
}
