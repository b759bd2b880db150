import type { RouterOutputs } from "@/trpc/types";

export type Template = RouterOutputs["templates"]["list"][number];

/** What a template does and what it needs, so the user can choose before filling anything in. */
export function TemplateCard({ template, selected, onUse }: { template: Template; selected: boolean; onUse: (() => void) | null }) {
  return (
    <article className={`card template-card${selected ? " template-card-selected" : ""}`} data-testid="template-card" data-template-id={template.id}>
      <h2>{template.name}</h2>
      <p className="muted">{template.description}</p>
      <h3>Steps</h3>
      <ol className="template-steps">
        {template.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <h3>Needs</h3>
      <ul className="template-needs">
        {template.connections.map((c) => (
          <li key={c.key}>
            {c.label} <span className="tag">{c.connectorId}</span>
          </li>
        ))}
        {template.partners.map((p) => (
          <li key={p.key}>
            {p.label} <span className="tag">trading partner</span> <span className="muted">{p.sets.join(", ")}</span>
          </li>
        ))}
      </ul>
      {onUse && (
        <div className="template-card-actions">
          <button type="button" className="button" onClick={onUse} disabled={selected} data-testid="use-template">
            Use this template
          </button>
        </div>
      )}
    </article>
  );
}
