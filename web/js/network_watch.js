// network_watch.js — tells when this device's network has changed: the
// browser is back online, or the Network Information API says the
// connection changed (Wi-Fi to mobile data, another access point). Bursts
// of events come as one call, a moment after the last of them, so a call
// restarts ICE once per change.

const SETTLE_MS = 500;

// Calls on() after each change; returns the function that stops watching.
export function watchNetwork(on) {
  let timer = null;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(on, SETTLE_MS);
  };
  const connection = navigator.connection;
  window.addEventListener('online', changed);
  connection?.addEventListener?.('change', changed);
  return () => {
    clearTimeout(timer);
    window.removeEventListener('online', changed);
    connection?.removeEventListener?.('change', changed);
  };
}
