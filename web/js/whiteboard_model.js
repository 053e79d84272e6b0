// whiteboard_model.js — the shared board's state, without a page: the
// items drawn (pen and eraser strokes, text notes) in board coordinates
// (0..1 of the background image's width and height, so screens of any size
// agree), the background image, undo and redo of one's own items, and the
// check of an item that came from the other side (docs/protocol.md).
import { isId, isText } from './collab_channels.js';

export const COLOURS = {
  black: '#1a1a1a', red: '#d62828', blue: '#1d4ed8', green: '#15803d',
  orange: '#ea580c', purple: '#7e22ce', white: '#ffffff',
};
// line widths as fractions of the board's width
export const WIDTHS = { thin: 0.003, medium: 0.008, thick: 0.02 };
export const KINDS = ['pen', 'eraser', 'note'];
export const MAX_POINTS = 5000;
export const MAX_NOTE_CHARS = 500;
export const DEFAULT_ASPECT = 4 / 3; // width over height without a background image

const isCoordinate = (v) => typeof v === 'number' && v >= 0 && v <= 1;
const own = (table, key) => typeof key === 'string' && Object.hasOwn(table, key);

// A copy of x holding only what an item may hold, or null if x is not one.
export function validItem(x) {
  if (!x || typeof x !== 'object' || !isId(x.id) || !KINDS.includes(x.kind)) return null;
  if (!own(COLOURS, x.colour) || !own(WIDTHS, x.width)) return null;
  const p = x.points;
  if (!Array.isArray(p) || p.length < 2 || p.length > 2 * MAX_POINTS || p.length % 2 || !p.every(isCoordinate)) return null;
  const item = { id: x.id, kind: x.kind, colour: x.colour, width: x.width, points: p.slice() };
  if (x.kind !== 'note') return x.text === undefined ? item : null;
  if (!isText(x.text, MAX_NOTE_CHARS) || !x.text.trim() || p.length !== 2) return null;
  return { ...item, text: x.text };
}

// A board: change listeners are told after every change.
export function createBoard() {
  let items = []; // { ...item, mine }
  let background = null; // { blob, url, width, height }
  let undone = []; // own items taken back, for redo
  let ownIds = []; // own items in the order drawn, for undo
  const listeners = new Set();
  const changed = () => listeners.forEach((fn) => fn());
  const has = (id) => items.some((i) => i.id === id);

  return {
    items: () => items,
    background: () => background,
    aspect: () => (background ? background.width / background.height : DEFAULT_ASPECT),
    listen(fn) { listeners.add(fn); return () => listeners.delete(fn); },
    // an item of this page's (mine) or the other side's; false if known already
    add(item, mine) {
      if (has(item.id)) return false;
      items = [...items, { ...item, mine }];
      if (mine) { ownIds.push(item.id); undone = []; }
      changed();
      return true;
    },
    // the other side took back one of its items; false if not theirs
    removeTheirs(id) {
      if (!items.some((i) => i.id === id && !i.mine)) return false;
      items = items.filter((i) => i.id !== id);
      changed();
      return true;
    },
    // this page's last own item still on the board, taken back (or null)
    undo() {
      while (ownIds.length) {
        const id = ownIds.pop();
        const item = items.find((i) => i.id === id);
        if (!item) continue;
        items = items.filter((i) => i !== item);
        undone.push(item);
        changed();
        return item;
      }
      return null;
    },
    // the last own item taken back, put back (or null)
    redo() {
      const item = undone.pop();
      if (!item) return null;
      items = [...items, item];
      ownIds.push(item.id);
      changed();
      return item;
    },
    canUndo: () => ownIds.some(has),
    canRedo: () => undone.length > 0,
    clear() {
      items = [];
      undone = [];
      ownIds = [];
      changed();
    },
    setBackground(next) {
      if (background) URL.revokeObjectURL(background.url);
      background = next;
      changed();
    },
  };
}

// Loads an image blob as a background: { blob, url, width, height }, or
// null if it is not an image the browser can decode.
export async function backgroundOf(blob) {
  const url = URL.createObjectURL(blob);
  const img = new Image();
  img.src = url;
  try {
    await img.decode();
  } catch {
    URL.revokeObjectURL(url);
    return null;
  }
  return { blob, url, width: img.naturalWidth, height: img.naturalHeight, image: img };
}
