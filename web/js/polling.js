// polling.js — keeps a piece of server state fresh on a page. For now it asks
// the server again every few seconds (and not while the page is hidden);
// when the WebSocket pushes changes, only this function changes, not the
// pages that use it.
import { useEffect, useRef, useState } from 'preact/hooks';

// load: () => Promise of the state. Returns [state (undefined until the
// first answer), error message, refresh () => void to ask at once].
export function useLive(load, deps = [], everyMs = 4000) {
  const [state, setState] = useState(undefined);
  const [error, setError] = useState('');
  const tick = useRef(() => {});
  useEffect(() => {
    let live = true;
    tick.current = () => load()
      .then((s) => { if (live) { setState(s); setError(''); } })
      .catch((err) => { if (live) setError(err.message); });
    tick.current();
    const timer = setInterval(() => { if (!document.hidden) tick.current(); }, everyMs);
    return () => { live = false; clearInterval(timer); };
  }, deps);
  return [state, error, () => tick.current()];
}
