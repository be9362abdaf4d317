import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { ConsoleApiError } from '../api/client.ts';
import { asApiError } from '../use-load.tsx';
import { ErrorBanner } from './error-banner.tsx';

export interface JsonImportFormProps {
  /** The form's class (tests and styles find it by it). */
  className: string;
  heading: string;
  /** What to paste, in a sentence or two. */
  hint: ReactNode;
  /** The textarea's name. */
  fieldName: string;
  submitLabel: string;
  /** An optional text input above the box (a name), passed to onCreate as typed. */
  textField?: { name: string; label: string; placeholder?: string };
  /** Sends the parsed document (and the text field's value); a rejection is shown in the form's banner (the server's code, message and field). */
  onCreate: (document: unknown, text: string) => Promise<void>;
}

/**
 * A box to paste an exported resource (JSON) into. It only checks that the text is JSON: the server
 * judges the document and its refusal is shown as it stated it.
 */
export function JsonImportForm({ className, heading, hint, fieldName, submitLabel, textField, onCreate }: JsonImportFormProps) {
  const [text, setText] = useState('');
  const [extra, setExtra] = useState('');
  const [error, setError] = useState<ConsoleApiError>();
  const [created, setCreated] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setCreated(false);
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (err) {
      setError(new ConsoleApiError(0, 'InvalidJson', `the pasted text is not JSON: ${(err as Error).message}`));
      return;
    }
    try {
      await onCreate(document, extra);
      setText('');
      setExtra('');
      setCreated(true);
    } catch (err) {
      setError(asApiError(err));
    }
  };

  return (
    <form className={`card ${className}`} onSubmit={submit}>
      <h3>{heading}</h3>
      <p className="muted">{hint}</p>
      {textField && (
        <label>
          {textField.label}
          <input name={textField.name} value={extra} placeholder={textField.placeholder} onChange={(e) => setExtra(e.target.value)} />
        </label>
      )}
      <textarea name={fieldName} rows={10} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
      <ErrorBanner error={error} />
      {created && <p className="notice">Created.</p>}
      <button type="submit" disabled={!text.trim()}>
        {submitLabel}
      </button>
    </form>
  );
}
