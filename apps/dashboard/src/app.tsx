import { useMemo, useState } from 'react';
import { ApiClient } from './api/client';
import { Link, navigate, useRoute } from './router';
import { Routes } from './routes';
import { AdminHome } from './session/admin-home';
import { effectiveRole, loadSession, saveSession, type Session } from './session/session';
import { SessionContext, useSession } from './session/session-context';
import { SignIn } from './session/sign-in';

const NAV = {
  account: [
    ['/sources', 'Sources'],
    ['/buses', 'Buses & rules'],
    ['/events', 'Events'],
    ['/dead-letters', 'Dead letters'],
    ['/archives', 'Archives'],
    ['/replays', 'Replays'],
    ['/connections', 'Connections'],
    ['/api-destinations', 'API destinations'],
  ],
  partner: [
    ['/partner/sources', 'Event sources'],
    ['/partner/new-source', 'New source'],
  ],
  admin: [],
} as const;

/** The dashboard: sign-in, then the screens of the signed-in role. */
export function App() {
  const [session, setSessionState] = useState<Session | undefined>(loadSession);
  const api = useMemo(() => (session ? new ApiClient(session.token, session.actAs) : undefined), [session]);
  const setSession = (s: Session | undefined) => {
    saveSession(s);
    setSessionState(s);
  };
  if (!session || !api)
    return (
      <SignIn
        onSignedIn={(s) => {
          setSession(s);
          navigate('/', { replace: true });
        }}
      />
    );
  return (
    <SessionContext.Provider value={{ session, api, setSession }}>
      <Shell />
    </SessionContext.Provider>
  );
}

function Shell() {
  const { session, setSession } = useSession();
  const { segments } = useRoute();
  const role = effectiveRole(session);
  const here = `/${segments.map(encodeURIComponent).join('/')}`;
  const choosing = session.role === 'admin' && (!session.actAs || segments[0] === 'admin');
  const who =
    session.actAs?.kind === 'account'
      ? `account ${session.actAs.name ?? ''} ${session.actAs.id}`
      : session.actAs?.kind === 'partner'
        ? `partner ${session.actAs.name}`
        : role === 'account'
          ? 'account key'
          : role === 'partner'
            ? 'partner key'
            : 'admin';
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link className="brand" href="/">
          Hookbridge
        </Link>
        {!choosing && (
          <nav aria-label="Main">
            <ul>
              {NAV[role].map(([href, label]) => (
                <li key={href}>
                  <Link href={href} aria-current={here.startsWith(href) ? 'page' : undefined}>
                    {label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div className="who">
          <span>
            {session.role === 'admin' && session.actAs ? 'Admin as ' : 'Signed in: '}
            <strong>{who}</strong>
          </span>
          {session.role === 'admin' && session.actAs && (
            <Link className="button secondary" href="/admin">
              Switch
            </Link>
          )}
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setSession(undefined);
              navigate('/', { replace: true });
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" key={here}>
        {choosing ? <AdminHome /> : <Routes role={role} segments={segments} />}
      </main>
    </>
  );
}
