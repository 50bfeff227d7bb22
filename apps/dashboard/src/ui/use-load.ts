import { useCallback, useEffect, useRef, useState } from 'react';

export interface Load<T> {
  data?: T;
  error?: Error;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs `load` when `deps` change (and on `reload()`), keeping the last data while reloading so the
 * screen does not flash. With `pollMs`, it loads again while `keepPolling(data)` holds.
 */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  poll?: { pollMs: number; keepPolling: (data: T) => boolean },
): Load<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const pollRef = useRef(poll);
  pollRef.current = poll;

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => {
        if (!live) return;
        setState({ data, loading: false });
        const p = pollRef.current;
        if (p?.keepPolling(data)) timer = setTimeout(reload, p.pollMs);
      },
      (error: unknown) => {
        if (live) setState((s) => ({ data: s.data, error: error as Error, loading: false }));
      },
    );
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
    // `load` is a fresh closure every render; `deps` says when it means something new.
  }, [...deps, version]);

  return { ...state, reload };
}
