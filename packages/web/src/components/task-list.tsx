import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ConsoleApiError } from '../api/client.ts';
import type { IncidentTask } from '../api/types.ts';
import { asApiError } from '../use-load.tsx';
import { ErrorBanner } from './error-banner.tsx';

/** The tasks of an incident: tick one to complete it, or add one. */
export function TaskList({ tasks, onAdd, onToggle }: { tasks: IncidentTask[]; onAdd: (title: string) => Promise<void>; onToggle: (task: IncidentTask) => Promise<void> }) {
  const [title, setTitle] = useState('');
  const [error, setError] = useState<ConsoleApiError>();

  const attempt = async (work: () => Promise<void>) => {
    setError(undefined);
    try {
      await work();
    } catch (err) {
      setError(asApiError(err));
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    void attempt(async () => {
      await onAdd(title.trim());
      setTitle('');
    });
  };

  return (
    <div className="card tasks">
      <h3>Tasks ({tasks.filter((t) => t.status === 'Completed').length}/{tasks.length} done)</h3>
      <ul className="task-list">
        {tasks.map((task) => (
          <li key={task.id}>
            <label className="inline">
              <input type="checkbox" checked={task.status === 'Completed'} onChange={() => void attempt(() => onToggle(task))} />
              <span className={task.status === 'Completed' ? 'done' : undefined}>{task.title}</span>
            </label>
            {task.owner && <span className="muted"> · {task.owner}</span>}
          </li>
        ))}
      </ul>
      <form onSubmit={submit} className="inline-form">
        <input name="task" placeholder="New task" value={title} onChange={(e) => setTitle(e.target.value)} />
        <button type="submit" disabled={!title.trim()}>
          Add task
        </button>
      </form>
      <ErrorBanner error={error} />
    </div>
  );
}
