import type { ReactNode } from 'react';

/** A page's heading, its own controls (`children`: filters, …), Refresh, which reads the page's data again, then `actions`. */
export function PageToolbar({ title, onRefresh, children, actions }: { title: string; onRefresh: () => void; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="toolbar">
      <h2>{title}</h2>
      {children}
      <button type="button" onClick={onRefresh}>
        Refresh
      </button>
      {actions}
    </div>
  );
}
