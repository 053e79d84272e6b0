// vitals_simulated.js — a simulated pulse oximeter for demos and tests,
// always labelled "Simulated" where it is offered and stored with the source
// "simulated": a heart rate that wanders around a resting value, which a
// control pushes high (towards 140 /min) and lets back down, and an oxygen
// saturation between 94 and 99 %. step() is pure (the random source is
// given), so tests can drive it; createSimulator() ticks it once a second.
export const RESTING = 72;
export const PUSHED = 140;

// One tick: the heart rate moves a third of the way to where it is drawn
// (resting or pushed) plus up to ±2 beats of noise; SpO2 drifts by at most
// one point and stays in 94..99.
export function step(state, random) {
  const target = state.high ? PUSHED : state.base;
  const hr = state.hr + (target - state.hr) / 3 + (random() - 0.5) * 4;
  const drift = random() < 0.2 ? (random() < 0.5 ? -1 : 1) : 0;
  return { ...state, hr, spo2: Math.min(99, Math.max(94, state.spo2 + drift)) };
}

// The readings of a state, as the record writes them.
export const readingsNow = (state) => [
  { code: '8867-4', value: Math.round(state.hr), unit: '/min' },
  { code: '59408-5', value: state.spo2, unit: '%' },
];

// A running device: emit(readings) once a second (the first at once);
// push(true) draws the heart rate high, push(false) lets it rest.
export function createSimulator({ base = RESTING, everyMs = 1000, random = Math.random } = {}) {
  let state = { base, hr: base, spo2: 97, high: false };
  let timer = null;
  return {
    start(emit) {
      if (timer) return;
      const tick = () => { state = step(state, random); emit(readingsNow(state)); };
      tick();
      timer = setInterval(tick, everyMs);
    },
    stop() { clearInterval(timer); timer = null; },
    push(high) { state = { ...state, high }; },
    pushed: () => state.high,
  };
}
