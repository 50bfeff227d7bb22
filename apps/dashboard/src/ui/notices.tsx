import type { ReactNode } from 'react';
import { ApiError } from '../api/client';

/** An error from the API (code and message) or anything else, announced to screen readers. */
export function ErrorNote({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="note note-error" role="alert">
      {title && <strong>{title} </strong>}
      {code && <code className="error-code">{code}</code>} {message}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

/** A polite live region for results such as "aws.partner/… is now ACTIVE". */
export function StatusMessage({ children }: { children?: ReactNode }) {
  return (
    <p className="note note-ok" role="status">
      {children}
    </p>
  );
}
