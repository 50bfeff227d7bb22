import type { ConnectionErrors, ParamLists, ParamPlace, ParamRow } from './connection-model';
import { PLACE_LABELS } from './connection-model';

const PLACES: ParamPlace[] = ['header', 'query', 'body'];

/**
 * Editable lists of a connection's HTTP parameters (headers, query and body parameters), each row a
 * name, a value and whether the value is secret. A stored secret value is never shown: its field
 * starts blank.
 */
export function ParameterRows(props: {
  legend: string;
  hint: string;
  /** The error keys' prefix (`invocation`, `oauth`). */
  field: string;
  lists: ParamLists;
  errors: ConnectionErrors;
  onChange: (lists: ParamLists) => void;
}) {
  const { lists, errors, field } = props;
  const setRows = (place: ParamPlace, rows: ParamRow[]) => props.onChange({ ...lists, [place]: rows });
  return (
    <fieldset className="parameters">
      <legend>{props.legend}</legend>
      <p className="hint">{props.hint}</p>
      {PLACES.map((place) => {
        const rows = lists[place];
        const label = PLACE_LABELS[place];
        const update = (i: number, patch: Partial<ParamRow>) =>
          setRows(
            place,
            rows.map((r, j) => (j === i ? { ...r, ...patch } : r)),
          );
        if (rows.length === 0) return null;
        return (
          <div key={place} className="parameter-group" role="group" aria-label={`${label}s`}>
            <p className="parameter-place">{label}s</p>
            {rows.map((r, i) => {
              const name = `${props.legend}: ${label} ${i + 1}`;
              const keyError = errors[`${field}.${place}.${i}.key`];
              const valueError = errors[`${field}.${place}.${i}.value`];
              return (
                <div key={i} className="row parameter-row">
                  <input
                    aria-label={`${name} name`}
                    aria-invalid={keyError ? true : undefined}
                    placeholder="name"
                    value={r.key}
                    onChange={(e) => update(i, { key: e.target.value })}
                  />
                  <input
                    aria-label={`${name} value`}
                    aria-invalid={valueError ? true : undefined}
                    type={r.secret ? 'password' : 'text'}
                    autoComplete="off"
                    placeholder={r.secret ? 'secret value (never shown)' : 'value'}
                    value={r.value}
                    onChange={(e) => update(i, { value: e.target.value })}
                  />
                  <label className="check">
                    <input
                      type="checkbox"
                      aria-label={`${name} secret`}
                      checked={r.secret}
                      onChange={(e) => update(i, { secret: e.target.checked })}
                    />{' '}
                    Secret
                  </label>
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Remove ${name}`}
                    onClick={() =>
                      setRows(
                        place,
                        rows.filter((_, j) => j !== i),
                      )
                    }
                  >
                    Remove
                  </button>
                  {(keyError ?? valueError) && (
                    <p className="field-error" role="alert">
                      {label} {i + 1}: {keyError ?? valueError}
                    </p>
                  )}
                </div>
              );
            })}
          </div>
        );
      })}
      <div className="actions">
        {PLACES.map((place) => (
          <button
            key={place}
            type="button"
            className="secondary"
            aria-label={`Add ${PLACE_LABELS[place].toLowerCase()} (${props.legend})`}
            onClick={() => setRows(place, [...lists[place], { key: '', value: '', secret: false }])}
          >
            Add {PLACE_LABELS[place].toLowerCase()}
          </button>
        ))}
      </div>
    </fieldset>
  );
}
