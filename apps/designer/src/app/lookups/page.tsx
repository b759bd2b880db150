import type { Metadata } from "next";
import { Suspense } from "react";
import { LookupsView } from "@/components/lookups/lookups-view";

export const metadata: Metadata = { title: "Lookups" };

export default function LookupsPage() {
  // The environment lives in the query string (useSearchParams), which needs a Suspense boundary to prerender.
  return (
    <Suspense>
      <LookupsView />
    </Suspense>
  );
}
