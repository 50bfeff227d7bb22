import { type FormEvent, useState } from 'react';
import { ErrorNote } from '../ui/notices';
import { Field } from '../ui/field';
import { probeRole, type Session } from './session';

/** Sign-in with an account or partner API key, or the admin token. The token never enters the URL. */
export function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const t = token.trim();
      onSignedIn({ token: t, role: await probeRole(t) });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <h1>Hookbridge</h1>
      <p>Sign in with an account or partner API key, or with the operator’s admin token.</p>
      <form onSubmit={submit} method="post" action="#">
        <Field label="API key or admin token" hint="Kept in this browser tab only (session storage).">
          {(c) => (
            <input
              {...c}
              type="password"
              autoComplete="off"
              spellCheck={false}
              required
              value={token}
              onChange={(e) => setToken(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" disabled={busy || token.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <ErrorNote error={error} title="Sign-in failed:" />
    </main>
  );
}
