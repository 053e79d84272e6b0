// consult_window.js — when a consultation may be joined: from 10 minutes
// before its start to 30 minutes after its end. One place for the rule, for
// the START button now and the consultation room later.
import { useEffect, useState } from 'preact/hooks';

export const OPENS_BEFORE_MS = 10 * 60 * 1000;
export const CLOSES_AFTER_MS = 30 * 60 * 1000;

// { opens, closes } as Dates for an appointment { start, end, window }: the
// server's window (the clinic's settings) when it says, else the defaults.
export function consultWindow(appointment) {
  if (appointment.window) {
    return { opens: new Date(appointment.window.opens_at), closes: new Date(appointment.window.closes_at) };
  }
  return {
    opens: new Date(Date.parse(appointment.start) - OPENS_BEFORE_MS),
    closes: new Date(Date.parse(appointment.end) + CLOSES_AFTER_MS),
  };
}

// 'early', 'open' or 'over' at the instant now (milliseconds).
export function windowState(appointment, now = Date.now()) {
  const { opens, closes } = consultWindow(appointment);
  if (now < opens.getTime()) return 'early';
  return now <= closes.getTime() ? 'open' : 'over';
}

// The window's state for an appointment, kept current: it changes on screen
// the moment the window opens or closes.
export function useWindowState(appointment) {
  const [state, setState] = useState(() => windowState(appointment));
  useEffect(() => {
    let timer;
    const next = () => {
      const now = Date.now();
      setState(windowState(appointment, now));
      const { opens, closes } = consultWindow(appointment);
      const edge = [opens.getTime(), closes.getTime() + 1].find((at) => at > now);
      // long waits are taken in steps: timers cannot wait for weeks
      if (edge) timer = setTimeout(next, Math.min(edge - now, 3600 * 1000));
    };
    next();
    return () => clearTimeout(timer);
  }, [appointment.start, appointment.end, appointment.window?.opens_at]);
  return state;
}
