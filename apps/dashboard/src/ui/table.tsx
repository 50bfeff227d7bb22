import type { ReactNode } from 'react';

export interface Column<T> {
  label: string;
  render: (row: T) => ReactNode;
  /** A visually hidden header (e.g. for a column of buttons); the label still names it. */
  hiddenLabel?: boolean;
}

/**
 * A table that becomes a list of cards on narrow screens: each cell carries its column name in
 * `data-label`, which the stylesheet shows when the header row is hidden.
 */
export function Table<T>(props: {
  caption: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  empty: ReactNode;
}) {
  if (props.rows.length === 0) return <p className="empty">{props.empty}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.label} scope="col">
                {c.hiddenLabel ? <span className="visually-hidden">{c.label}</span> : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)}>
              {props.columns.map((c) => (
                <td key={c.label} data-label={c.hiddenLabel ? undefined : c.label}>
                  <div>{c.render(row)}</div>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
