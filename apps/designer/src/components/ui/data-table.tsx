"use client";

import { Fragment, type HTMLAttributes, type ReactNode, type TdHTMLAttributes } from "react";

/** `data-*` attributes the e2e specs select rows and cells by. */
type DataAttributes = { [name: `data-${string}`]: string | number | undefined };

export type RowProps = HTMLAttributes<HTMLTableRowElement> & DataAttributes;
export type CellProps = TdHTMLAttributes<HTMLTableCellElement> & DataAttributes;

/** One column, declared as data: its header and, unless the table renders whole rows itself, its cell. */
export interface Column<T> {
  header: string;
  /** The header is read by screen readers only (an actions column). */
  srOnly?: boolean;
  headerClassName?: string;
  headerTitle?: string;
  cell?: (row: T) => ReactNode;
  className?: string;
  cellProps?: (row: T) => CellProps;
}

/** The slice of a react-query infinite query that paging needs. */
export interface Pages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

interface DataTableProps<T> {
  columns: readonly Column<T>[];
  /** Undefined while nothing is loaded: then neither rows nor the empty state show. */
  rows: readonly T[] | undefined;
  rowKey: (row: T) => string | number;
  /** Attributes of the default row (test ids, click handlers). */
  rowProps?: (row: T) => RowProps;
  /** Rows with their own state (an inline editor, a confirmation) render themselves, cells included. */
  renderRow?: (row: T) => ReactNode;
  loading?: boolean;
  /** Shown in one full-width row when `rows` is loaded and empty; null/false shows nothing. */
  empty?: ReactNode;
  emptyTestId?: string;
  /** Rows before the data rows and after them (a draft line, a total). */
  before?: ReactNode;
  after?: ReactNode;
  className?: string;
  testId?: string;
  /** A div around the table, e.g. "card". Paging renders after it. */
  wrapperClassName?: string;
  /** An infinite query, passed whole: reading only its paging fields keeps react-query's render tracking narrow. */
  paging?: Pages;
  pagingTestId?: string;
  smallPaging?: boolean;
}

/** A full-width message row: the loading and empty states of every list. */
export function MessageRow({ columns, children, testId }: { columns: number; children: ReactNode; testId?: string }) {
  return (
    <tr>
      <td colSpan={columns} className="empty" data-testid={testId}>
        {children}
      </td>
    </tr>
  );
}

/** The "Load more" button under a paged list. */
export function LoadMore({ pages, testId, small }: { pages: Pages; testId?: string; small?: boolean }) {
  if (!pages.hasNextPage) return null;
  return (
    <div className="load-more">
      <button
        type="button"
        className={small ? "button button-secondary button-small" : "button button-secondary"}
        onClick={() => void pages.fetchNextPage()}
        disabled={pages.isFetchingNextPage}
        data-testid={testId}
      >
        {pages.isFetchingNextPage ? "Loading…" : "Load more"}
      </button>
    </div>
  );
}

function DefaultRow<T>({ row, columns, rowProps }: { row: T; columns: readonly Column<T>[]; rowProps?: (row: T) => RowProps }) {
  return (
    <tr {...rowProps?.(row)}>
      {columns.map((column) => (
        <td key={column.header} className={column.className} {...column.cellProps?.(row)}>
          {column.cell?.(row)}
        </td>
      ))}
    </tr>
  );
}

/** The list pages' table: header from the columns, loading and empty rows, the data rows and optional paging. */
export function DataTable<T>(props: DataTableProps<T>) {
  const { columns, rows, loading = false, empty, paging } = props;
  const table = (
    <table className={props.className ?? "table"} data-testid={props.testId}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.header} scope="col" className={column.headerClassName} title={column.headerTitle}>
              {column.srOnly ? <span className="sr-only">{column.header}</span> : column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.before}
        {loading && <MessageRow columns={columns.length}>Loading…</MessageRow>}
        {!loading && rows?.length === 0 && empty !== undefined && empty !== null && empty !== false && (
          <MessageRow columns={columns.length} testId={props.emptyTestId}>
            {empty}
          </MessageRow>
        )}
        {rows?.map((row) =>
          props.renderRow ? <Fragment key={props.rowKey(row)}>{props.renderRow(row)}</Fragment> : <DefaultRow key={props.rowKey(row)} row={row} columns={columns} rowProps={props.rowProps} />,
        )}
        {props.after}
      </tbody>
    </table>
  );
  return (
    <>
      {props.wrapperClassName ? <div className={props.wrapperClassName}>{table}</div> : table}
      {paging && <LoadMore pages={paging} testId={props.pagingTestId} small={props.smallPaging} />}
    </>
  );
}
