import type { ConsoleApiError } from '../api/client.ts';

/** Shows an API error as the server stated it (code, message, field). */
export function ErrorBanner({ error }: { error: ConsoleApiError | undefined }) {
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      {error.status ? <strong>{error.status} </strong> : null}
      {error.describe()}
    </div>
  );
}
