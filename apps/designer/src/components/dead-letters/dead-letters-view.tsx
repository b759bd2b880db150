"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { QueryError } from "@/components/query-error";
import { useMe } from "@/hooks/use-me";
import { useTRPC } from "@/trpc/client";
import { BulkBar } from "./bulk-bar";
import { BulkProgress } from "./bulk-progress";
import { FilterBar } from "./filter-bar";
import { filterFromSearch, searchWith, uuidParam, type Filter } from "./filters";
import { GroupList } from "./group-list";
import { LetterDrawer } from "./letter-drawer";
import type { Selection } from "./procedure-types";
import "./dead-letters.css";

/** The group list and counts follow new failures without a reload. */
const REFRESH_MS = 5_000;

/**
 * The dead-letter workbench (docs/architecture.md "Dead letters and bulk operations"): failed steps grouped by
 * what failed, each openable to read the target's answer, fix the input and retry;
 * or acted on in bulk. Everything a person would share lives in the URL.
 */
export function DeadLettersView() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const search = searchParams.toString();
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const filter = useMemo(() => filterFromSearch(params), [params]);
  const letterId = uuidParam(params, "letter");
  const bulkId = uuidParam(params, "bulk");
  const navigate = (changes: Parameters<typeof searchWith>[1]) => router.replace(`${pathname}${searchWith(params, changes)}`, { scroll: false });
  const { canOperate } = useMe();
  const [selection, setSelection] = useState<Selection | null>(null);

  const groups = useQuery(trpc.deadLetters.groups.queryOptions({ filter }, { refetchInterval: REFRESH_MS, placeholderData: (previous) => previous }));
  const matching = useQuery(trpc.deadLetters.countMatching.queryOptions({ filter }, { refetchInterval: REFRESH_MS, enabled: canOperate }));
  const applyFilter = (next: Filter) => {
    // Ticked letters may not be on screen under another filter: start over.
    setSelection(null);
    navigate({ filter: next });
  };
  const filterKey = JSON.stringify(filter);

  return (
    // With a letter open the page splits: the list stays clickable beside the letter.
    <div className={letterId ? "dl-split" : undefined}>
      <div className="page dl-page">
        <header className="page-header">
          <h1>Dead letters</h1>
          <p className="muted">Steps that failed and need a person: read the target&apos;s answer, fix the input, retry, discard or assign. Updates live.</p>
        </header>
        <FilterBar key={filterKey} applied={filter} errorClasses={groups.data?.errorClasses ?? []} onApply={applyFilter} />
        {bulkId && <BulkProgress id={bulkId} onClose={() => navigate({ bulk: null })} onOpenLetter={(id) => navigate({ letter: id })} />}
        {canOperate && (
          <div className="dl-toolbar">
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={!matching.data?.count}
              onClick={() => setSelection({ kind: "filter", filter, label: "matching the filter" })}
              data-testid="dl-select-all-matching"
            >
              Select all matching filter ({matching.data?.count ?? "…"})
            </button>
            {selection && (
              <BulkBar
                selection={selection}
                onClear={() => setSelection(null)}
                onStarted={(id) => {
                  setSelection(null);
                  navigate({ bulk: id });
                }}
              />
            )}
          </div>
        )}
        <QueryError error={groups.error} />
        <GroupList
          groups={groups.data?.groups ?? null}
          filter={filter}
          filtered={filterKey !== "{}"}
          selection={canOperate ? selection : undefined}
          onSelect={setSelection}
          openLetterId={letterId}
          onOpen={(id) => navigate({ letter: id })}
          refreshMs={REFRESH_MS}
        />
      </div>
      {letterId && <LetterDrawer key={letterId} id={letterId} onClose={() => navigate({ letter: null })} onOpen={(id) => navigate({ letter: id })} />}
    </div>
  );
}
