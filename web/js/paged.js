// paged.js — a list the API gives page by page ({<key>: […], next_cursor}):
// the first page on mount and whenever deps change, the next one on more().
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';

// path: the list's path with its query (a "?" in it already); key: the
// array's name in the answer. Returns { items, next, error, more, reload }.
export function usePaged(path, key, deps = []) {
  const [items, setItems] = useState(null);
  const [next, setNext] = useState(null);
  const [error, setError] = useState('');
  const load = (cursor) => api('GET', path + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''))
    .then((out) => {
      setError('');
      setItems((old) => (cursor ? old.concat(out[key]) : out[key]));
      setNext(out.next_cursor);
    })
    .catch((err) => setError(err.message));
  useEffect(() => { load(null); }, [path, ...deps]);
  return { items, next, error, more: () => load(next), reload: () => load(null), setItems };
}
