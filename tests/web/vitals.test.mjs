// vitals.test.mjs — the browser's pure vital-sign modules: which "vitals"
// data-channel messages a page accepts (web/js/vitals_codes.js), threshold
// crossings, the simulated device's heart rate at rest and pushed high
// (vitals_simulated.js), and the batched upload of readings
// (vitals_upload.js) with a counted request function.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crosses, isInstant, isReading, isVitalsMessage } from '../../web/js/vitals_codes.js';
import { createSimulator, PUSHED, RESTING, step } from '../../web/js/vitals_simulated.js';
import { createUploader, MAX_BATCH } from '../../web/js/vitals_upload.js';

const at = '2026-11-23T17:05:00Z';

test('a vitals reading message is accepted only whole and well formed', () => {
  assert.ok(isVitalsMessage({ t: 'reading', code: '8867-4', value: 72, unit: '/min', at }));
  assert.ok(isVitalsMessage({ t: 'reading', code: '8310-5', value: 36.6, unit: 'Cel', at: '2026-11-23T17:05:00.123Z' }));
  assert.ok(isVitalsMessage({ t: 'stop', reason: 'consent_withdrawn' }));
  assert.ok(isVitalsMessage({ t: 'stop', reason: 'stopped' }));
  for (const bad of [
    null, [], 'reading', {},
    { t: 'reading', code: '8867-4', value: 72, unit: 'Cel', at }, // unit of another code
    { t: 'reading', code: '1234-5', value: 72, unit: '/min', at }, // unknown code
    { t: 'reading', code: '8867-4', value: '72', unit: '/min', at }, // a string
    { t: 'reading', code: '8867-4', value: 900, unit: '/min', at }, // out of bounds
    { t: 'reading', code: '8867-4', value: NaN, unit: '/min', at },
    { t: 'reading', code: '8867-4', value: 72, unit: '/min', at: 'yesterday' },
    { t: 'reading', code: '8867-4', value: 72, unit: '/min', at: '2026-13-45T17:05:00Z' },
    { t: 'reading', code: '8867-4', value: 72, unit: '/min', at: '2026-11-23T17:05:00+01:00' }, // not UTC
    { t: 'reading', code: '8867-4', value: 72, unit: '/min' }, // no time
    { t: 'reading', code: '8867-4', value: 72, unit: '/min', at, extra: '<b>' }, // a field too many
    { t: 'stop', reason: 'bored' },
    { t: 'stop' },
    { t: 'stop', reason: 'stopped', also: 1 },
    { type: 'reading', code: '8867-4', value: 72, unit: '/min', at },
  ]) assert.equal(isVitalsMessage(bad), false, JSON.stringify(bad));
});

test('readings, instants and threshold crossings', () => {
  assert.ok(isReading({ code: '59408-5', value: 91, unit: '%' }));
  assert.equal(isReading({ code: '59408-5', value: 101, unit: '%' }), false);
  assert.ok(isInstant('2026-02-28T23:59:59Z'));
  assert.equal(isInstant('2026-02-30T00:00:00Z'), false, 'no 30 February');
  assert.equal(isInstant('2026-11-23T24:00:00Z'), false);
  assert.equal(crosses(121, { above: 120, below: null }), 'above');
  assert.equal(crosses(120, { above: 120, below: null }), null, 'at the threshold is not above it');
  assert.equal(crosses(91, { above: null, below: 92 }), 'below');
  assert.equal(crosses(95, { above: null, below: 92 }), null);
  assert.equal(crosses(95, undefined), null);
});

// a repeatable stand-in for Math.random
function seeded(seed) {
  let s = seed;
  return () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
}

test('the simulated heart rate wanders around its resting value and climbs past 120 when pushed', () => {
  const random = seeded(7);
  let state = { base: RESTING, hr: RESTING, spo2: 97, high: false };
  const resting = [];
  for (let i = 0; i < 200; i++) {
    state = step(state, random);
    resting.push(state.hr);
    assert.ok(state.spo2 >= 94 && state.spo2 <= 99);
  }
  assert.ok(Math.min(...resting) > RESTING - 8 && Math.max(...resting) < RESTING + 8, `${Math.min(...resting)}..${Math.max(...resting)}`);
  assert.ok(new Set(resting.map(Math.round)).size > 3, 'it moves');
  state = { ...state, high: true };
  const pushed = [];
  for (let i = 0; i < 10; i++) { state = step(state, random); pushed.push(state.hr); }
  assert.ok(pushed[4] > 120, `above 120 within five seconds: ${pushed.map(Math.round)}`);
  assert.ok(Math.abs(pushed[9] - PUSHED) < 8);
  state = { ...state, high: false };
  for (let i = 0; i < 15; i++) state = step(state, random);
  assert.ok(state.hr < 90, 'back down once let go');
});

test('the simulator emits heart rate and SpO2 readings until stopped', async () => {
  const sim = createSimulator({ everyMs: 5, random: seeded(3) });
  const seen = [];
  sim.start((r) => seen.push(r));
  await new Promise((r) => setTimeout(r, 40));
  sim.stop();
  const n = seen.length;
  assert.ok(n >= 3, `${n} ticks`);
  assert.deepEqual(seen[0].map((r) => [r.code, r.unit]), [['8867-4', '/min'], ['59408-5', '%']]);
  assert.ok(seen.flat().every(isReading));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(seen.length, n, 'nothing after stop');
});

test('uploads go in batches, at most 100 a request; a refusal is reported and a failure retried', async () => {
  const sent = [];
  let fail = null;
  const post = async (items) => {
    if (fail) { const err = fail; throw err; }
    sent.push(items.length);
    return { items, alerts: [] };
  };
  const stored = [];
  const refused = [];
  const up = createUploader(post, { stored: (items) => stored.push(items.length), refused: (e) => refused.push(e.code) },
    { everyMs: 60_000, batch: 250 });
  const r = { code: '8867-4', value: 72, unit: '/min', at, source: 'simulated' };
  for (let i = 0; i < 230; i++) up.add(r);
  assert.deepEqual(sent, [], 'nothing before the batch fills or the timer');
  await up.flush();
  assert.deepEqual(sent, [100, 100, 30]);
  assert.deepEqual(stored, [100, 100, 30]);

  fail = Object.assign(new Error('offline'), { status: 0, code: 'offline' });
  up.add(r);
  await up.flush();
  assert.equal(up.pending(), 1, 'kept for the next try');
  fail = null;
  await up.close();
  assert.deepEqual(sent.at(-1), 1);
  assert.equal(up.pending(), 0);

  const up2 = createUploader(async () => { throw Object.assign(new Error('no'), { status: 403, code: 'consent_required' }); },
    { refused: (e) => refused.push(e.code) }, { everyMs: 60_000, batch: 2 });
  up2.add(r);
  up2.add(r); // the batch is full: sent at once
  await up2.close();
  assert.deepEqual(refused, ['consent_required']);
  assert.equal(up2.pending(), 0, 'a refused batch is not sent again');
  assert.equal(MAX_BATCH, 100);
});
