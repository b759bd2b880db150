import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditView } from "@/components/audit/audit-view";

export const metadata: Metadata = { title: "Audit log" };

export default function AuditPage() {
  // The filters live in the query string (useSearchParams), which needs a Suspense boundary to prerender.
  return (
    <Suspense>
      <AuditView />
    </Suspense>
  );
}
