import type { Metadata } from "next";
import { Suspense } from "react";
import { DeadLettersView } from "@/components/dead-letters/dead-letters-view";

export const metadata: Metadata = { title: "Dead letters" };

export default function DeadLettersPage() {
  // Filters, the open letter and the watched bulk operation live in the query string (useSearchParams), which needs a Suspense boundary to prerender.
  return (
    <Suspense>
      <DeadLettersView />
    </Suspense>
  );
}
