import type { Metadata } from "next";
import { EdiDashboardView } from "@/components/edi/edi-dashboard-view";
import "../dashboard/dashboard.css";

export const metadata: Metadata = { title: "EDI" };

export default function EdiPage() {
  return <EdiDashboardView />;
}
