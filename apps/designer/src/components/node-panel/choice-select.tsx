"use client";

/**
 * The node panel's pickers (connector, operation, connection, subflow target): a select of
 * choices with an empty first option; "" reads as not set.
 */
export function ChoiceSelect(props: {
  id: string;
  testId: string;
  value: string | undefined;
  /** The empty option's text ("— choose a flow —"). */
  placeholder: string;
  choices: ReadonlyArray<{ value: string; label: string }>;
  invalid?: boolean;
  readOnly: boolean;
  onChange(value: string | undefined): void;
}) {
  return (
    <select
      id={props.id}
      className={`input${props.invalid ? " input-invalid" : ""}`}
      value={props.value ?? ""}
      disabled={props.readOnly}
      onChange={(e) => props.onChange(e.target.value || undefined)}
      data-testid={props.testId}
    >
      <option value="">{props.placeholder}</option>
      {props.choices.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </select>
  );
}
