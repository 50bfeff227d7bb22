import type { SourceRow } from './sources.repository.js';

/** A source as its partner sees it (`GET /v1/partner-event-sources`). */
export interface PartnerSourceView {
  name: string;
  arn: string;
  account: string;
  state: string;
  creationTime: string;
  expirationTime?: string;
  ingestUrl: string;
  verification: {
    scheme: string;
    options?: Record<string, unknown>;
    secrets?: Array<{ id: string; secret: string }>;
    /** Ids of the active secrets (describe only; values are shown once, at creation). */
    activeSecrets?: Array<{ id: string; createdAt: string }>;
  };
}

/** A source as the account it was offered to sees it (`GET /v1/event-sources`). */
export interface AccountSourceView {
  name: string;
  arn: string;
  createdBy: string;
  state: string;
  creationTime: string;
  expirationTime?: string;
}

export const iso = (d: Date | null | undefined): string | undefined => (d ? d.toISOString() : undefined);

/**
 * Keeps the newest row per name: a name deleted and created again shows only its latest life. By
 * name in code-point order, the lists' order (localeCompare would put `_x` before `A`).
 */
export function latestPerName(rows: readonly SourceRow[]): SourceRow[] {
  const seen = new Map<string, SourceRow>();
  for (const r of rows) {
    const prev = seen.get(r.name);
    if (!prev || prev.createdAt < r.createdAt) seen.set(r.name, r);
  }
  return [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
