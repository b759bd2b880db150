"use client";

/** A row of tabs (ARIA tablist); the caller renders the active panel. */
export function Tabs<T extends string>(props: { label: string; tabs: ReadonlyArray<{ id: T; label: string; badge?: string }>; active: T; onChange(id: T): void }) {
  return (
    <div className="tabs" role="tablist" aria-label={props.label}>
      {props.tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={`tab-${tab.id}`}
          aria-selected={tab.id === props.active}
          className={tab.id === props.active ? "tab tab-active" : "tab"}
          data-testid={`tab-${tab.id}`}
          onClick={() => props.onChange(tab.id)}
        >
          {tab.label}
          {tab.badge && <span className="tab-badge">{tab.badge}</span>}
        </button>
      ))}
    </div>
  );
}
