import type { Metadata } from "next";
import { Suspense } from "react";
import { MappingsView } from "./mappings-view";

export const metadata: Metadata = { title: "Mappings" };

export default function MappingsPage() {
  // The tab lives in the query string (useSearchParams), which needs a Suspense boundary to prerender.
  return (
    <Suspense>
      <MappingsView />
    </Suspense>
  );
}
