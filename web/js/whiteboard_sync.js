// whiteboard_sync.js — keeps the two pages' boards the same over the
// "board" and "pointer" data channels (docs/protocol.md): own items,
// take-backs and clears go out as they happen; what comes in is checked
// (whiteboard_model.js) before it is drawn. When a connection's channels
// open, each page sends what it has (a snapshot of the items in batches,
// and the background image as a file), so a page that reloaded or joined
// late gets the whole board; items it already has are not added twice.
import { useEffect, useRef, useState } from 'preact/hooks';
import { isId } from './collab_channels.js';
import { validItem } from './whiteboard_model.js';

const SNAPSHOT_BATCH = 100; // items per snapshot message, well under 256 KiB
const POINTER_EVERY_MS = 40;

function sendSnapshot(channels, board, transfers) {
  const items = board.items().map(({ mine, ...item }) => item);
  for (let i = 0; i < items.length; i += SNAPSHOT_BATCH) {
    channels.send('board', { type: 'snapshot', items: items.slice(i, i + SNAPSHOT_BATCH) });
  }
  const bg = board.background();
  if (bg) transfers.send(new File([bg.blob], 'whiteboard-background', { type: bg.blob.type }), 'board');
}

// { pointer: where the other side points ({x, y} or null), and what this
// page sends: item(item), remove(id), clear(), point(x, y) or point(null) }
export function useBoardSync(board, channels, transfers) {
  const [pointer, setPointer] = useState(null);
  useEffect(() => {
    if (!channels) return undefined;
    let sent = false;
    const offs = [
      channels.on('board', 'item', (m) => {
        const item = validItem(m.item);
        if (!item) return false;
        board.add(item, false);
        return true;
      }),
      channels.on('board', 'snapshot', (m) => {
        if (!Array.isArray(m.items) || m.items.length > SNAPSHOT_BATCH) return false;
        const items = m.items.map(validItem);
        if (items.some((i) => !i)) return false;
        items.forEach((i) => board.add(i, false));
        return true;
      }),
      channels.on('board', 'remove', (m) => isId(m.id) && board.removeTheirs(m.id)),
      channels.on('board', 'clear', () => { board.clear(); return true; }),
      channels.on('pointer', 'pointer', (m) => {
        if (m.x === null) { setPointer(null); return true; }
        if (![m.x, m.y].every((v) => typeof v === 'number' && v >= 0 && v <= 1)) return false;
        setPointer({ x: m.x, y: m.y });
        return true;
      }),
      channels.watch(() => {
        if (!sent && channels.isOpen('board') && channels.isOpen('files')) {
          sent = true;
          sendSnapshot(channels, board, transfers);
        }
        if (!channels.isOpen('pointer')) setPointer(null);
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [channels]);

  const last = useRef(0);
  const trailing = useRef(0); // the timer that sends the last position of a burst
  return {
    pointer,
    item: (item) => channels?.send('board', { type: 'item', item }),
    remove: (id) => channels?.send('board', { type: 'remove', id }),
    clear: () => channels?.send('board', { type: 'clear' }),
    // at most one position every POINTER_EVERY_MS; the last one of a burst
    // is sent when its turn comes, so the other side sees where it stopped
    point(x, y) {
      const send = (px, py) => {
        last.current = performance.now();
        channels?.send('pointer', px === null ? { type: 'pointer', x: null } : { type: 'pointer', x: px, y: py });
      };
      clearTimeout(trailing.current);
      const wait = POINTER_EVERY_MS - (performance.now() - last.current);
      if (x === null || wait <= 0) send(x, y);
      else trailing.current = setTimeout(() => send(x, y), wait);
    },
  };
}
