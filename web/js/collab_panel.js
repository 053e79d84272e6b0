// collab_panel.js — what the two sides share in the call besides media,
// over the call's data channels (collab_channels.js): the chat, files and
// the whiteboard. Their state outlives a reconnection: each part takes the
// new connection's channels when they come. What the two agree to keep
// goes to the consultation's record (record_save.js). Also says how many
// messages from the other side were ignored as unknown or malformed.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { t } from './i18n.js';
import { Chat, useChat } from './chat.js';
import { FilePanel } from './file_panel.js';
import { useFileTransfers } from './file_transfer.js';
import { Whiteboard } from './whiteboard.js';
import { backgroundOf, createBoard } from './whiteboard_model.js';
import { useBoardSync } from './whiteboard_sync.js';
import { RecordSaves, transcriptOf, useRecordSave } from './record_save.js';

// Re-renders whenever a channel opens or closes or a message is ignored.
function useChannelState(channels) {
  const [, setVersion] = useState(0);
  useEffect(() => channels?.watch(() => setVersion((v) => v + 1)), [channels]);
  return {
    open: (name) => Boolean(channels?.isOpen(name)),
    ignored: channels ? channels.ignored() : 0,
  };
}

// appointmentId: whose record what the two agree on is kept in; role: ours.
export function CollabPanel({ channels, peerName, appointmentId, role }) {
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
  const chat = useChat(channels);
  const save = useRecordSave(channels, appointmentId);
  const saving = state.open('chat') && appointmentId;
  return html`<div class="collab">
    <${RecordSaves} save=${save} peerName=${peerName} role=${role} />
    <${Chat} chat=${chat} open=${state.open('chat')} peerName=${peerName}
      onSave=${saving && (() => save.propose('transcript', 'chat-transcript.txt', () => transcriptOf(chat.messages, peerName)))} />
    <${FilePanel} transfers=${transfers} open=${state.open('files')} peerName=${peerName} toBoard=${(blob) => setBackground(blob, true)}
      onSave=${saving && ((tr) => save.propose('file', tr.name, async () => tr.blob))} />
    <${Whiteboard} board=${board.current} sync=${sync} open=${state.open('board')} peerName=${peerName}
      setBackground=${(blob) => setBackground(blob, true)}
      onSave=${saving && ((content) => save.propose('board', 'whiteboard.png', content))} />
    ${state.ignored > 0 && html`<p class="muted" data-ignored=${state.ignored}>${t('collab_ignored', { n: state.ignored })}</p>`}
  </div>`;
}
