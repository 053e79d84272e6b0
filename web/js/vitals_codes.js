// vitals_codes.js — the vital signs the record keeps (docs/openapi.yaml,
// observations): each measure's LOINC code, UCUM unit, plausible bounds and
// the words for it; and the checks of a reading and of a message of the
// call's "vitals" data channel (docs/protocol.md). Pure: no page code.
export const MEASURES = [
  { code: '8867-4', unit: '/min', key: 'heart_rate', min: 20, max: 300, step: 1 },
  { code: '59408-5', unit: '%', key: 'spo2', min: 50, max: 100, step: 1 },
  { code: '8480-6', unit: 'mm[Hg]', key: 'systolic', min: 40, max: 300, step: 1 },
  { code: '8462-4', unit: 'mm[Hg]', key: 'diastolic', min: 20, max: 200, step: 1 },
  { code: '8310-5', unit: 'Cel', key: 'temperature', min: 30, max: 45, step: 0.1 },
  { code: '29463-7', unit: 'kg', key: 'weight', min: 0.5, max: 500, step: 0.1 },
];

const byCode = new Map(MEASURES.map((m) => [m.code, m]));
export const measureOf = (code) => byCode.get(code);

// UCUM units as people write them
const UNIT_TEXT = { '/min': '/min', '%': '%', 'mm[Hg]': 'mmHg', Cel: '°C', kg: 'kg' };
export const unitText = (unit) => UNIT_TEXT[unit] ?? unit;
// A value as people read it: at most two decimals (61.6, not 61.599999999999994).
export const valueText = (value) => String(Math.round(value * 100) / 100);

// An RFC 3339 instant in UTC ("2026-11-23T17:05:00Z", with or without
// fractions of a second) that names a real time (no 30 February).
export function isInstant(x) {
  if (typeof x !== 'string' || x.length > 40 || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/.test(x)) return false;
  const ms = Date.parse(x);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 19) === x.slice(0, 19);
}

// {code, value, unit}: a known code, its own unit and a number within its bounds.
export function isReading(r) {
  const m = r && measureOf(r.code);
  return Boolean(m) && r.unit === m.unit && typeof r.value === 'number' && Number.isFinite(r.value)
    && r.value >= m.min && r.value <= m.max;
}

const READING_KEYS = ['t', 'code', 'value', 'unit', 'at'].sort().join();
export const STOP_REASONS = ['consent_withdrawn', 'stopped'];

// A "vitals" channel message from the other page: {"t":"reading",…} with
// exactly those fields, or {"t":"stop","reason"}; anything else is not one.
export function isVitalsMessage(m) {
  if (!m || typeof m !== 'object' || Array.isArray(m)) return false;
  if (m.t === 'reading') return Object.keys(m).sort().join() === READING_KEYS && isReading(m) && isInstant(m.at);
  if (m.t === 'stop') return Object.keys(m).length === 2 && STOP_REASONS.includes(m.reason);
  return false;
}

// Whether value crosses a threshold {above, below} (either may be null).
export function crosses(value, threshold) {
  if (!threshold) return null;
  if (typeof threshold.above === 'number' && value > threshold.above) return 'above';
  if (typeof threshold.below === 'number' && value < threshold.below) return 'below';
  return null;
}
