import type { Secret } from '../api/types';

/** A new secret, shown this one time only (the gateway keeps it encrypted and never returns it). */
export function SecretOnce({ secrets }: { secrets: Secret[] }) {
  return (
    <div className="note note-secret" role="status">
      <p>
        <strong>Copy {secrets.length === 1 ? 'this secret' : 'these secrets'} now:</strong>{' '}
        {secrets.length === 1 ? 'it is' : 'they are'} not shown again.
      </p>
      {secrets.map((s) => (
        <p key={s.id} className="secret">
          <label>
            <span>
              Secret <code>{s.id}</code>
            </span>
            <input readOnly className="code" value={s.secret} onFocus={(e) => e.target.select()} />
          </label>
        </p>
      ))}
    </div>
  );
}
