import type { Metadata } from "next";
import { Suspense } from "react";
import { RunsView } from "./runs-view";

export const metadata: Metadata = { title: "Runs" };

export default function RunsPage() {
  // The filters live in the query string (useSearchParams), which needs a Suspense boundary to prerender.
  return (
    <Suspense>
      <RunsView />
    </Suspense>
  );
}
