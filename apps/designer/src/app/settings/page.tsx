import type { Metadata } from "next";
import { RetentionView } from "@/components/settings/retention-view";

export const metadata: Metadata = { title: "Data retention" };

export default function SettingsPage() {
  return <RetentionView />;
}
