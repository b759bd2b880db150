"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type KeyboardEvent } from "react";
import { QueryError } from "@/components/query-error";
import { DataTable, type Column } from "@/components/ui/data-table";
import { formatDateTime, formatRelative } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import type { Filter } from "./filters";
import type { DeadLetterGroup, DeadLetterItem, Selection } from "./procedure-types";

const PAGE_SIZE = 50;

const ITEM_COLUMNS: Column<DeadLetterItem>[] = [
  { header: "Business key", className: "mono", cell: (item) => item.businessKey ?? "—" },
  {
    header: "Error",
    className: "dl-item-error",
    cell: (item) => (
      <>
        {item.errorCode && <span className="tag tag-error">{item.errorCode}</span>} <span title={item.errorMessage}>{item.errorMessage}</span>
      </>
    ),
  },
  { header: "Attempts", headerClassName: "num", className: "num", cell: (item) => item.attempts },
  { header: "Failed", className: "nowrap", cellProps: (item) => ({ title: formatDateTime(item.createdAt) }), cell: (item) => formatRelative(item.createdAt) },
  { header: "Assignee", cell: (item) => item.assigneeEmail ?? <span className="muted">—</span> },
  {
    header: "Run",
    cell: (item) => (
      <Link href={`/runs/${item.runId}`} className="mono" onClick={(e) => e.stopPropagation()} title={item.runId}>
        {item.runId.slice(0, 8)}
      </Link>
    ),
  },
];

const groupKey = (g: DeadLetterGroup) => `${g.flowId}|${g.nodeId}|${g.errorClass}|${g.errorCode}`;
/** The filter that matches exactly one group's letters under the current filter. */
const groupFilter = (filter: Filter, g: DeadLetterGroup): Filter => ({ ...filter, flowId: g.flowId, nodeId: g.nodeId, errorClass: g.errorClass, errorCode: g.errorCode });
const sameFilter = (a: Filter, b: Filter) => JSON.stringify(a) === JSON.stringify(b);

interface ListProps {
  groups: DeadLetterGroup[] | null;
  filter: Filter;
  filtered: boolean;
  /** Undefined for people who cannot act: no checkboxes then. */
  selection: Selection | null | undefined;
  onSelect: (selection: Selection | null) => void;
  openLetterId: string | null;
  onOpen: (id: string) => void;
  refreshMs: number;
}

export function GroupList(props: ListProps) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  if (!props.groups) return <p className="muted">Loading…</p>;
  if (props.groups.length === 0) {
    return <p className="card dl-empty">{props.filtered ? "No open dead letters match these filters." : "No open dead letters. Failed steps that need a person appear here."}</p>;
  }
  return (
    <ul className="dl-groups">
      {props.groups.map((group) => {
        const key = groupKey(group);
        return <GroupRow key={key} group={group} open={expanded.has(key)} onToggle={() => toggle(key)} {...props} />;
      })}
    </ul>
  );
}

function GroupRow(props: ListProps & { group: DeadLetterGroup; open: boolean; onToggle: () => void }) {
  const { group, selection, onSelect } = props;
  const filter = groupFilter(props.filter, group);
  const whole = selection?.kind === "filter" && sameFilter(selection.filter, filter);
  const onKey = (event: KeyboardEvent) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      props.onToggle();
    }
  };
  return (
    <li className="card dl-group-card">
      <div className="dl-group" role="button" tabIndex={0} aria-expanded={props.open} onClick={props.onToggle} onKeyDown={onKey} data-testid="dl-group">
        {selection !== undefined && (
          <input
            type="checkbox"
            checked={whole}
            onClick={(e) => e.stopPropagation()}
            onChange={() => onSelect(whole ? null : { kind: "filter", filter, label: `in ${group.flowName} · ${group.nodeName}` })}
            aria-label={`Select all ${group.count} in this group`}
            title="Select all in group"
            data-testid="dl-select-group"
          />
        )}
        <span className="dl-caret" aria-hidden>
          {props.open ? "▾" : "▸"}
        </span>
        <div className="dl-group-main">
          <div className="dl-group-title">
            <span className="strong">{group.flowName}</span> · {group.nodeName}: <span className="mono">{group.errorCode || group.errorClass}</span> — <span className="dl-count">{group.count}</span>
          </div>
          <div className="muted small dl-group-sample">
            <span className="tag">{group.errorClass.replace("_", "-")}</span> {group.sampleMessage}
          </div>
        </div>
        <div className="muted small dl-group-times" title={`${formatDateTime(group.oldest)} – ${formatDateTime(group.newest)}`}>
          newest {formatRelative(group.newest)}
          <br />
          oldest {formatRelative(group.oldest)}
        </div>
      </div>
      {props.open && <GroupItems {...props} filter={filter} />}
    </li>
  );
}

function GroupItems({ filter, selection, onSelect, openLetterId, onOpen, refreshMs }: ListProps) {
  const trpc = useTRPC();
  const items = useInfiniteQuery(
    trpc.deadLetters.list.infiniteQueryOptions({ filter, limit: PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor, refetchInterval: refreshMs, placeholderData: (previous) => previous }),
  );
  const rows = items.data?.pages.flatMap((p) => p.items) ?? [];
  const ticked = selection?.kind === "ids" ? selection.ids : new Set<string>();
  const tick = (id: string) => {
    const next = new Set(ticked);
    if (!next.delete(id)) next.add(id);
    onSelect(next.size ? { kind: "ids", ids: next } : null);
  };
  const canSelect = selection !== undefined;
  const selectColumn: Column<DeadLetterItem> = {
    header: "Select",
    srOnly: true,
    cellProps: () => ({ onClick: (e) => e.stopPropagation() }),
    cell: (item) => <input type="checkbox" checked={ticked.has(item.id)} onChange={() => tick(item.id)} aria-label={`Select ${item.businessKey ?? item.id}`} data-testid="dl-item-select" />,
  };

  return (
    <div className="dl-items">
      <QueryError error={items.error} />
      <DataTable
        columns={canSelect ? [selectColumn, ...ITEM_COLUMNS] : ITEM_COLUMNS}
        rows={rows}
        rowKey={(item) => item.id}
        rowProps={(item) => ({
          className: item.id === openLetterId ? "dl-item dl-item-open" : "dl-item",
          onClick: () => onOpen(item.id),
          onKeyDown: (e) => e.key === "Enter" && e.target === e.currentTarget && onOpen(item.id),
          tabIndex: 0,
          "data-testid": "dl-item",
          "data-business-key": item.businessKey ?? "",
          "data-letter-id": item.id,
        })}
        loading={items.isPending}
        paging={items}
        smallPaging
      />
    </div>
  );
}
