// whiteboard_draw.js — paints the board's items onto a canvas of any size:
// board coordinates (0..1) times the canvas's pixels, line widths as a
// fraction of its width. The eraser clears ink (destination-out) on the
// ink canvas, never the background image beneath it.
import { COLOURS, WIDTHS } from './whiteboard_model.js';

const NOTE_SIZE = 0.03; // a note's font size, as a fraction of the width
const ERASER_TIMES = 3; // the eraser is wider than the pen of the same width

export function drawItem(g, item, w, h) {
  const p = item.points;
  g.save();
  g.globalCompositeOperation = item.kind === 'eraser' ? 'destination-out' : 'source-over';
  g.strokeStyle = g.fillStyle = COLOURS[item.colour];
  if (item.kind === 'note') {
    g.font = `${Math.max(10, Math.round(NOTE_SIZE * w))}px sans-serif`;
    g.textBaseline = 'top';
    g.fillText(item.text, p[0] * w, p[1] * h);
  } else {
    g.lineWidth = Math.max(1, WIDTHS[item.width] * w * (item.kind === 'eraser' ? ERASER_TIMES : 1));
    g.lineCap = g.lineJoin = 'round';
    g.beginPath();
    g.moveTo(p[0] * w, p[1] * h);
    // a single point is a dot: a line to itself
    for (let i = p.length === 2 ? 0 : 2; i < p.length; i += 2) g.lineTo(p[i] * w, p[i + 1] * h);
    g.stroke();
  }
  g.restore();
}

// Clears the ink canvas and draws every item (and the one being drawn).
export function drawInk(canvas, items) {
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, canvas.width, canvas.height);
  for (const item of items) drawItem(g, item, canvas.width, canvas.height);
}

// The background image stretched over the canvas, or white.
export function drawBackground(canvas, background) {
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  if (background) g.drawImage(background.image, 0, 0, canvas.width, canvas.height);
}

// The board as one PNG: background, then ink, at the background's own size
// (or 1600 pixels wide without one).
export function boardPng(board, items) {
  const bg = board.background();
  const c = document.createElement('canvas');
  c.width = bg ? bg.width : 1600;
  c.height = Math.round(c.width / board.aspect());
  drawBackground(c, bg);
  const ink = document.createElement('canvas');
  ink.width = c.width;
  ink.height = c.height;
  drawInk(ink, items);
  c.getContext('2d').drawImage(ink, 0, 0);
  return new Promise((resolve) => c.toBlob(resolve, 'image/png'));
}
