import { type ReactNode, useEffect, useRef } from 'react';
import { hasNavigated } from '../router';

/**
 * A screen's frame: its heading (focused after client-side navigation, so keyboard and screen reader
 * users land on the new content) and the document title.
 */
export function Screen(props: {
  title: string;
  intro?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · Hookbridge`;
  }, [props.title]);
  useEffect(() => {
    if (hasNavigated()) heading.current?.focus();
  }, []);
  return (
    <>
      <div className="screen-head">
        <h1 ref={heading} tabIndex={-1}>
          {props.title}
        </h1>
        {props.actions && <div className="screen-actions">{props.actions}</div>}
      </div>
      {props.intro && <p className="intro">{props.intro}</p>}
      {props.children}
    </>
  );
}
