import { type ActAs, ApiClient, ApiError } from '../api/client';

export type Role = 'admin' | 'account' | 'partner';

/** A signed-in user. Kept in sessionStorage (per tab, gone with it), never in the URL. */
export interface Session {
  token: string;
  role: Role;
  /** For the admin token: the account or partner it currently acts as. */
  actAs?: ActAs;
}

const KEY = 'hookbridge.session';

export function loadSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    const s = raw ? (JSON.parse(raw) as Partial<Session>) : undefined;
    if (
      s &&
      typeof s.token === 'string' &&
      (s.role === 'admin' || s.role === 'account' || s.role === 'partner')
    )
      return { token: s.token, role: s.role, actAs: s.actAs };
  } catch {
    // A damaged entry is the same as none.
  }
  return undefined;
}

export function saveSession(s: Session | undefined): void {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
}

/** The role the screens are for: an admin acting as someone takes that one's role. */
export function effectiveRole(s: Session): Role {
  return s.role === 'admin' && s.actAs ? s.actAs.kind : s.role;
}

/**
 * Finds out what a token is by asking what it may read: only accounts list their event sources,
 * only partners list partner event sources, only the admin lists accounts. The first answer that is
 * not "access denied" decides; an invalid token fails at once.
 */
export async function probeRole(token: string): Promise<Role> {
  const api = new ApiClient(token);
  const probes: Array<[Role, string]> = [
    ['account', '/v1/event-sources'],
    ['partner', '/v1/partner-event-sources'],
    ['admin', '/v1/accounts'],
  ];
  for (const [role, path] of probes) {
    try {
      await api.get(path, { limit: 1, namePrefix: role === 'partner' ? 'aws.partner/' : undefined });
      return role;
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 403) throw err;
    }
  }
  throw new ApiError(403, 'AccessDeniedException', 'This token may not use the dashboard.');
}
