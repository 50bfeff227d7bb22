import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useState } from 'react';

/** Builds a client path from segments, each URL-encoded (names contain `/`). */
export const path = (...segments: string[]): string => `/${segments.map(encodeURIComponent).join('/')}`;

/** The current path as decoded segments. */
function currentSegments(): string[] {
  return location.pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

const listeners = new Set<() => void>();
let navigated = false;

/** Whether the app has moved since the page loaded (then a new screen takes the focus). */
export const hasNavigated = (): boolean => navigated;

/** Moves to a client route without a reload. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  navigated = true;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  listeners.forEach((l) => l());
}

/** The current route's segments and query; re-renders on navigation and on back/forward. */
export function useRoute(): { segments: string[]; query: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const update = () => setTick((t) => t + 1);
    const popped = () => {
      navigated = true;
      update();
    };
    listeners.add(update);
    addEventListener('popstate', popped);
    return () => {
      listeners.delete(update);
      removeEventListener('popstate', popped);
    };
  }, []);
  return { segments: currentSegments(), query: new URLSearchParams(location.search) };
}

/** A real link (works with open-in-new-tab) that navigates client-side on a plain click. */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    props.onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(props.href);
  };
  return <a {...props} onClick={onClick} />;
}
