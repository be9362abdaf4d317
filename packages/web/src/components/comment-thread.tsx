import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ConsoleApiError } from '../api/client.ts';
import type { IncidentComment } from '../api/types.ts';
import { asApiError } from '../use-load.tsx';
import { CommentBody } from './comment-body.ts';
import { ErrorBanner } from './error-banner.tsx';
import { shortTime } from '../format/short-time.ts';

/** The comments of an incident, oldest first, and a box to add one. */
export function CommentThread({ comments, onAdd }: { comments: IncidentComment[]; onAdd: (message: string) => Promise<void> }) {
  const [message, setMessage] = useState('');
  const [error, setError] = useState<ConsoleApiError>();
  const [sending, setSending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!message.trim()) return;
    setSending(true);
    setError(undefined);
    try {
      await onAdd(message);
      setMessage('');
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="card comments">
      <h3>Comments ({comments.length})</h3>
      <ol className="comment-list">
        {comments.map((c) => (
          <li key={c.id}>
            <div className="muted">
              {c.author?.name || c.author?.userPrincipalName || c.author?.email || 'unknown'} · {shortTime(c.createdTimeUtc)}
            </div>
            <CommentBody message={c.message} />
          </li>
        ))}
      </ol>
      <form onSubmit={submit}>
        <label>
          Add a comment
          <textarea name="comment" rows={3} value={message} onChange={(e) => setMessage(e.target.value)} />
        </label>
        <ErrorBanner error={error} />
        <button type="submit" disabled={sending || !message.trim()}>
          Add comment
        </button>
      </form>
    </div>
  );
}
