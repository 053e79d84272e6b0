// whiteboard.js — the shared whiteboard in the call: a pen in seven colours
// and three widths, an eraser, text notes, undo and redo of one's own
// items, clear for both, a background image (from disk, or a received
// image) to draw over, the other side's pointer, and export as PNG (to
// download, or proposed for the record: record_save.js). The
// board (whiteboard_model.js) outlives reconnections; whiteboard_sync.js
// keeps it the same on both pages; whiteboard_draw.js paints it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { t } from './i18n.js';
import { newId } from './collab_channels.js';
import { COLOURS, MAX_NOTE_CHARS, MAX_POINTS, WIDTHS, backgroundOf } from './whiteboard_model.js';
import { boardPng, drawBackground, drawInk } from './whiteboard_draw.js';
import { SaveButton } from './record_save.js';

const round = (v) => Math.round(Math.min(1, Math.max(0, v)) * 10000) / 10000;

// Where a pointer event is on the canvas, in board coordinates.
function at(canvas, e) {
  const r = canvas.getBoundingClientRect();
  return [round((e.clientX - r.left) / r.width), round((e.clientY - r.top) / r.height)];
}

// Sizes both canvases to their box (in device pixels) and paints them.
function usePainting(board, ink, back, drawing) {
  useEffect(() => {
    const paint = () => {
      for (const c of [back.current, ink.current]) {
        const r = c.getBoundingClientRect();
        const w = Math.max(1, Math.round(r.width * devicePixelRatio));
        const h = Math.max(1, Math.round(r.height * devicePixelRatio));
        if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
      }
      drawBackground(back.current, board.background());
      drawInk(ink.current, drawing.current ? [...board.items(), drawing.current] : board.items());
    };
    paint();
    const resize = new ResizeObserver(paint);
    resize.observe(ink.current);
    const off = board.listen(paint);
    drawing.repaint = paint;
    return () => { off(); resize.disconnect(); };
  }, [board]);
}

function Toolbar({ tool, setTool, colour, setColour, width, setWidth, note, setNote, board, sync, chooseImage, exportPng, open, onSave }) {
  return html`<div class="board-tools" role="toolbar" aria-label=${t('board_tools')}>
    ${['pen', 'eraser', 'note'].map((k) => html`<button type="button" class="secondary" aria-pressed=${tool === k}
      onClick=${() => setTool(k)}>${t(k === 'note' ? 'board_text' : 'board_' + k)}</button>`)}
    <fieldset class="board-colours"><legend>${t('board_colour')}</legend>
      ${Object.entries(COLOURS).map(([k, v]) => html`<label class="swatch" style=${{ '--swatch': v }} title=${t('colour_' + k)}>
        <input type="radio" name="board-colour" value=${k} checked=${colour === k} onChange=${() => setColour(k)} />
        <span class="sr-only">${t('colour_' + k)}</span></label>`)}
    </fieldset>
    <label>${t('board_width')} <select value=${width} onChange=${(e) => setWidth(e.currentTarget.value)}>
      ${Object.keys(WIDTHS).map((k) => html`<option value=${k}>${t('board_' + k)}</option>`)}
    </select></label>
    ${tool === 'note' && html`<label>${t('board_note_text')} <input type="text" maxlength=${MAX_NOTE_CHARS} value=${note}
      onInput=${(e) => setNote(e.currentTarget.value)} /></label>`}
    <button type="button" class="secondary" disabled=${!board.canUndo()} onClick=${() => { const i = board.undo(); if (i) sync.remove(i.id); }}>${t('board_undo')}</button>
    <button type="button" class="secondary" disabled=${!board.canRedo()} onClick=${() => { const i = board.redo(); if (i) sync.item(strip(i)); }}>${t('board_redo')}</button>
    <button type="button" class="secondary" disabled=${!open} onClick=${() => { board.clear(); sync.clear(); }}>${t('board_clear')}</button>
    <label class="file-button">${t('board_image')} <input type="file" accept="image/png,image/jpeg,image/gif,image/webp" disabled=${!open}
      onChange=${(e) => { const f = e.currentTarget.files[0]; e.currentTarget.value = ''; if (f) chooseImage(f); }} /></label>
    <button type="button" class="secondary" onClick=${exportPng}>${t('board_export')}</button>
    ${onSave && html`<${SaveButton} open=${open} onClick=${() => onSave(() => boardPng(board, board.items()))} label=${t('save_board')} />`}
  </div>`;
}

const strip = ({ mine, ...item }) => item;

export function Whiteboard({ board, sync, open, peerName, setBackground, onSave }) {
  const [tool, setTool] = useState('pen');
  const [colour, setColour] = useState('red');
  const [width, setWidth] = useState('medium');
  const [note, setNote] = useState('');
  const [, setVersion] = useState(0);
  const ink = useRef(null);
  const back = useRef(null);
  const drawing = useRef(null); // the stroke under the pointer
  useEffect(() => board.listen(() => setVersion((v) => v + 1)), [board]);
  usePainting(board, ink, back, drawing);
  useEffect(() => { window.__telemedBoard = board; return () => { delete window.__telemedBoard; }; }, [board]);

  const finish = (item) => {
    if (board.add(item, true)) sync.item(item);
  };
  const down = (e) => {
    if (!open) return;
    const [x, y] = at(ink.current, e);
    if (tool === 'note') {
      if (note.trim()) finish({ id: newId(), kind: 'note', colour, width, points: [x, y], text: note.trim() });
      return;
    }
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = { id: newId(), kind: tool, colour, width, points: [x, y] };
    drawing.repaint();
  };
  const move = (e) => {
    const [x, y] = at(ink.current, e);
    sync.point(x, y);
    const d = drawing.current;
    if (!d || d.points.length >= 2 * MAX_POINTS) return;
    d.points.push(x, y);
    drawing.repaint();
  };
  const up = () => {
    const d = drawing.current;
    drawing.current = null;
    if (d) finish(d);
  };
  const exportPng = async () => {
    const blob = await boardPng(board, board.items());
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'whiteboard.png';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };
  const p = sync.pointer;
  return html`<section class="board" aria-labelledby="board-title">
    <h2 id="board-title">${t('board_title')}</h2>
    <${Toolbar} tool=${tool} setTool=${setTool} colour=${colour} setColour=${setColour} width=${width} setWidth=${setWidth}
      note=${note} setNote=${setNote} board=${board} sync=${sync} chooseImage=${setBackground} exportPng=${exportPng} open=${open} onSave=${onSave} />
    <div class="board-surface" style=${{ aspectRatio: String(board.aspect()) }}>
      <canvas class="board-back" ref=${back} aria-hidden="true"></canvas>
      <canvas class="board-ink" ref=${ink} role="img" aria-label=${t('board_canvas', { n: board.items().length })}
        data-tool=${tool} onPointerDown=${down} onPointerMove=${move} onPointerUp=${up} onPointerCancel=${up}
        onPointerLeave=${() => sync.point(null)}></canvas>
      ${p && html`<span class="board-pointer" role="img" aria-label=${t('board_pointer', { name: peerName })}
        style=${{ left: `${p.x * 100}%`, top: `${p.y * 100}%` }}></span>`}
    </div>
  </section>`;
}
