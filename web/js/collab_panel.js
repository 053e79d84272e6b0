// collab_panel.js — what the two sides share in the call besides media,
// over the call's data channels (collab_channels.js): the chat, files and
// the whiteboard. Their state outlives a reconnection: each part takes the
// new connection's channels when they come. Also says how many messages
// from the other side were ignored as unknown or malformed.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { t } from './i18n.js';
import { Chat } from './chat.js';
import { FilePanel } from './file_panel.js';
import { useFileTransfers } from './file_transfer.js';
import { Whiteboard } from './whiteboard.js';
import { backgroundOf, createBoard } from './whiteboard_model.js';
import { useBoardSync } from './whiteboard_sync.js';

// Re-renders whenever a channel opens or closes or a message is ignored.
function useChannelState(channels) {
  const [, setVersion] = useState(0);
  useEffect(() => channels?.watch(() => setVersion((v) => v + 1)), [channels]);
  return {
    open: (name) => Boolean(channels?.isOpen(name)),
    ignored: channels ? channels.ignored() : 0,
  };
}

export function CollabPanel({ channels, peerName }) {
  const state = useChannelState(channels);
  const board = useRef(null);
  board.current ||= createBoard();
  // an image becomes the board's background here, and (share) on the other side
  const setBackground = async (blob, share) => {
    const bg = await backgroundOf(blob);
    if (!bg) return;
    board.current.setBackground(bg);
    if (share) transfers.send(new File([blob], 'whiteboard-background', { type: blob.type }), 'board');
  };
  const transfers = useFileTransfers(channels, (tr) => { if (tr.purpose === 'board') setBackground(tr.blob, false); });
  const sync = useBoardSync(board.current, channels, transfers);
  return html`<div class="collab">
    <${Chat} channels=${channels} open=${state.open('chat')} peerName=${peerName} />
    <${FilePanel} transfers=${transfers} open=${state.open('files')} peerName=${peerName} toBoard=${(blob) => setBackground(blob, true)} />
    <${Whiteboard} board=${board.current} sync=${sync} open=${state.open('board')} peerName=${peerName}
      setBackground=${(blob) => setBackground(blob, true)} />
    ${state.ignored > 0 && html`<p class="muted" data-ignored=${state.ignored}>${t('collab_ignored', { n: state.ignored })}</p>`}
  </div>`;
}
