import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  readonly reload: () => void;
  readonly set: (data: T) => void;
}

/**
 * Local state seeded from `source`, and re-seeded (during render, so before any keystroke that
 * follows) whenever `source` changes — never on mount. An effect doing the same would queue its
 * reset behind an edit made before the effect ran, and the edit would be lost.
 */
export function useStateFrom<S, T>(source: S, seed: (source: S) => T) {
  const [state, setState] = useState(() => seed(source));
  const [seen, setSeen] = useState(source);
  if (!Object.is(seen, source)) {
    setSeen(source);
    setState(seed(source));
  }
  return [state, setState] as const;
}

/** Runs `load` on mount and when `deps` change; the latest answer wins. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const id = ++latest.current;
    setLoading(true);
    load().then(
      (value) => {
        if (id !== latest.current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (err: unknown) => {
        if (id !== latest.current) return;
        setError(err);
        setLoading(false);
      },
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, set: setData };
}

/** An action with its pending state, error and last result. */
export function useAction<A extends unknown[], T>(run: (...args: A) => Promise<T>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<T>();
  const call = useCallback(
    async (...args: A): Promise<T | undefined> => {
      setPending(true);
      setError(undefined);
      try {
        const value = await run(...args);
        setResult(value);
        return value;
      } catch (err) {
        setError(err);
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [run],
  );
  return { call, pending, error, result, reset: () => setResult(undefined) };
}
