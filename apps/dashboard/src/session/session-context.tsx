import { createContext, useContext } from 'react';
import type { ApiClient } from '../api/client';
import type { Session } from './session';

export interface SessionValue {
  session: Session;
  api: ApiClient;
  setSession: (s: Session | undefined) => void;
}

export const SessionContext = createContext<SessionValue | undefined>(undefined);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in session');
  return value;
}

/** The API client of the signed-in user (with the admin's act-as header, if any). */
export const useApi = (): ApiClient => useSession().api;
