/**
 * A labelled drop-down of fixed choices (statuses, severities, …). With `empty`, a first option
 * of value '' stands for "none" or "any".
 */
export function ChoiceSelect({
  label,
  name,
  value,
  choices,
  empty,
  onChange,
}: {
  label: string;
  name: string;
  value: string;
  choices: readonly string[];
  empty?: string;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {label}
      <select name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        {empty !== undefined && <option value="">{empty}</option>}
        {choices.map((choice) => (
          <option key={choice}>{choice}</option>
        ))}
      </select>
    </label>
  );
}
