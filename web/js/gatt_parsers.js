// gatt_parsers.js — the values of the standard Bluetooth GATT health
// characteristics (Bluetooth SIG GATT Specification Supplement), as the
// notifications of a Web Bluetooth device carry them: Heart Rate
// Measurement 0x2A37, PLX Spot-Check 0x2A5E and Continuous 0x2A5F
// Measurements, Blood Pressure Measurement 0x2A35, Temperature Measurement
// 0x2A1C and Weight Measurement 0x2A9D. Pure functions, no browser API:
// each takes the notification's bytes (DataView, ArrayBuffer or
// Uint8Array) and returns what it says, converted to the units the record
// uses (mm[Hg], Cel, kg); a value the device marks as not a number, not at
// this resolution or unsuccessful becomes NaN, infinities stay ±Infinity.
// A buffer shorter than its own flags promise throws a GattFormatError.
// readingsOf() turns a characteristic's value into observations
// ({code, value, unit}) with LOINC codes and UCUM units, dropping what is
// not a finite number.

export class GattFormatError extends Error {}

export const CHARACTERISTICS = {
  heartRate: 0x2a37,
  plxSpotCheck: 0x2a5e,
  plxContinuous: 0x2a5f,
  bloodPressure: 0x2a35,
  temperature: 0x2a1c,
  weight: 0x2a9d,
};

const KPA_TO_MMHG = 760 / 101.325; // 1 kPa in mm Hg (7.50062)
const LB_TO_KG = 0.45359237;

// A cursor over the bytes, little-endian as GATT is; every read checks
// that the bytes are there.
function reader(value, name) {
  let view;
  if (value instanceof DataView) view = value;
  else if (value instanceof ArrayBuffer) view = new DataView(value);
  else if (ArrayBuffer.isView(value)) view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  else throw new GattFormatError(`${name}: not bytes`);
  let at = 0;
  const take = (n) => {
    if (at + n > view.byteLength) throw new GattFormatError(`${name}: ${view.byteLength} bytes, more expected`);
    const here = at;
    at += n;
    return here;
  };
  return {
    u8: () => view.getUint8(take(1)),
    u16: () => view.getUint16(take(2), true),
    u24: () => { const i = take(3); return view.getUint16(i, true) | (view.getUint8(i + 2) << 16); },
    sfloat: () => sfloat(view.getUint16(take(2), true)),
    float: () => float(view.getUint32(take(4), true)),
    dateTime: () => dateTime(view, take(7)),
    skip: (n) => { take(n); },
    left: () => view.byteLength - at,
  };
}

// IEEE 11073-20601 SFLOAT: a 4-bit signed exponent over a 12-bit signed
// mantissa, value = mantissa × 10^exponent; 0x07FF NaN, 0x0800 NRes,
// 0x0801 reserved, 0x07FE +INF, 0x0802 −INF.
export function sfloat(raw) {
  switch (raw) {
    case 0x07fe: return Infinity;
    case 0x0802: return -Infinity;
    case 0x07ff: case 0x0800: case 0x0801: return NaN;
    default: break;
  }
  const m = raw & 0x0fff;
  const mantissa = m >= 0x0800 ? m - 0x1000 : m;
  let exponent = raw >> 12;
  if (exponent >= 8) exponent -= 16;
  return scaled(mantissa, exponent);
}

// IEEE 11073-20601 FLOAT: an 8-bit signed exponent over a 24-bit signed
// mantissa; 0x007FFFFF NaN, 0x00800000 NRes, 0x00800001 reserved,
// 0x007FFFFE +INF, 0x00800002 −INF.
export function float(raw) {
  const m = raw & 0xffffff;
  switch (raw) {
    case 0x007ffffe: return Infinity;
    case 0x00800002: return -Infinity;
    case 0x007fffff: case 0x00800000: case 0x00800001: return NaN;
    default: break;
  }
  const mantissa = m >= 0x800000 ? m - 0x1000000 : m;
  let exponent = raw >>> 24;
  if (exponent >= 128) exponent -= 256;
  return scaled(mantissa, exponent);
}

// mantissa × 10^exponent without binary noise (36.5, not 36.500000000000004)
function scaled(mantissa, exponent) {
  return exponent >= 0 ? mantissa * 10 ** exponent : mantissa / 10 ** -exponent;
}

// Date Time 0x2A08: year (0 = unknown), month, day, hours, minutes, seconds;
// the device's local time as an ISO-like string without zone, or null.
function dateTime(view, i) {
  const year = view.getUint16(i, true);
  const parts = [1, 2, 3, 4, 5].map((k) => view.getUint8(i + 1 + k));
  if (year === 0 || parts[0] === 0 || parts[1] === 0) return null;
  const p = (n) => String(n).padStart(2, '0');
  return `${year}-${p(parts[0])}-${p(parts[1])}T${p(parts[2])}:${p(parts[3])}:${p(parts[4])}`;
}

const round = (x, places) => (Number.isFinite(x) ? Math.round(x * 10 ** places) / 10 ** places : x);

// 0x2A37: flags bit 0 the value is uint16 (else uint8), bits 1–2 sensor
// contact, bit 3 energy expended (uint16, kJ), bit 4 RR intervals (uint16
// each, 1/1024 s, to the end).
export function parseHeartRate(value) {
  const r = reader(value, 'heart rate measurement');
  const flags = r.u8();
  const heartRate = flags & 0x01 ? r.u16() : r.u8();
  const contactBits = (flags >> 1) & 0x03;
  const out = {
    heartRate,
    contact: contactBits === 3 ? 'detected' : contactBits === 2 ? 'not_detected' : 'unsupported',
  };
  if (flags & 0x08) out.energyExpended = r.u16();
  if (flags & 0x10) {
    if (r.left() % 2 !== 0 || r.left() === 0) throw new GattFormatError('heart rate measurement: RR intervals of odd length');
    out.rrIntervals = [];
    while (r.left() > 0) out.rrIntervals.push(r.u16() / 1024);
  }
  return out;
}

// 0x2A5E: flags, SpO2 and pulse rate (SFLOAT), then as the flags say: bit 0
// timestamp, bit 1 measurement status (uint16), bit 2 device and sensor
// status (uint24), bit 3 pulse amplitude index (SFLOAT).
export function parsePlxSpotCheck(value) {
  const r = reader(value, 'PLX spot-check measurement');
  const flags = r.u8();
  const out = { spo2: r.sfloat(), pulseRate: r.sfloat() };
  if (flags & 0x01) out.timestamp = r.dateTime();
  if (flags & 0x02) out.measurementStatus = r.u16();
  if (flags & 0x04) out.deviceStatus = r.u24();
  if (flags & 0x08) out.pulseAmplitudeIndex = r.sfloat();
  return out;
}

// 0x2A5F: flags, SpO2 and pulse rate normal (SFLOAT each), then as the
// flags say: bit 0 the fast pair, bit 1 the slow pair, bit 2 measurement
// status (uint16), bit 3 device and sensor status (uint24), bit 4 pulse
// amplitude index (SFLOAT).
export function parsePlxContinuous(value) {
  const r = reader(value, 'PLX continuous measurement');
  const flags = r.u8();
  const out = { spo2: r.sfloat(), pulseRate: r.sfloat() };
  if (flags & 0x01) out.fast = { spo2: r.sfloat(), pulseRate: r.sfloat() };
  if (flags & 0x02) out.slow = { spo2: r.sfloat(), pulseRate: r.sfloat() };
  if (flags & 0x04) out.measurementStatus = r.u16();
  if (flags & 0x08) out.deviceStatus = r.u24();
  if (flags & 0x10) out.pulseAmplitudeIndex = r.sfloat();
  return out;
}

// 0x2A35: flags bit 0 kPa (else mmHg), systolic, diastolic and mean
// arterial pressure (SFLOAT), then bit 1 timestamp, bit 2 pulse rate
// (SFLOAT), bit 3 user id (uint8), bit 4 measurement status (uint16).
// Pressures come back in mm[Hg] whatever the device sent.
export function parseBloodPressure(value) {
  const r = reader(value, 'blood pressure measurement');
  const flags = r.u8();
  const toMmHg = (x) => (flags & 0x01 ? round(x * KPA_TO_MMHG, 1) : x);
  const out = { systolic: toMmHg(r.sfloat()), diastolic: toMmHg(r.sfloat()), meanArterial: toMmHg(r.sfloat()),
    unit: 'mm[Hg]', sentIn: flags & 0x01 ? 'kPa' : 'mmHg' };
  if (flags & 0x02) out.timestamp = r.dateTime();
  if (flags & 0x04) out.pulseRate = r.sfloat();
  if (flags & 0x08) out.userId = r.u8();
  if (flags & 0x10) out.measurementStatus = r.u16();
  return out;
}

// 0x2A1C: flags bit 0 Fahrenheit (else Celsius), the temperature (FLOAT),
// then bit 1 timestamp, bit 2 temperature type (uint8, where on the body).
// The temperature comes back in Cel.
export function parseTemperature(value) {
  const r = reader(value, 'temperature measurement');
  const flags = r.u8();
  const t = r.float();
  const out = { celsius: flags & 0x01 ? round((t - 32) * 5 / 9, 2) : t, sentIn: flags & 0x01 ? 'F' : 'C' };
  if (flags & 0x02) out.timestamp = r.dateTime();
  if (flags & 0x04) out.type = r.u8();
  return out;
}

// 0x2A9D: flags bit 0 imperial (weight in 0.01 lb, else 0.005 kg; 0xFFFF
// "measurement unsuccessful"), then bit 1 timestamp, bit 2 user id
// (uint8), bit 3 BMI (0.1) and height (0.001 m or 0.1 in). Weight comes
// back in kg, height in m.
export function parseWeight(value) {
  const r = reader(value, 'weight measurement');
  const flags = r.u8();
  const imperial = Boolean(flags & 0x01);
  const raw = r.u16();
  const out = { kg: raw === 0xffff ? NaN : imperial ? round(raw * 0.01 * LB_TO_KG, 3) : round(raw * 0.005, 3),
    sentIn: imperial ? 'lb' : 'kg' };
  if (flags & 0x02) out.timestamp = r.dateTime();
  if (flags & 0x04) out.userId = r.u8();
  if (flags & 0x08) {
    out.bmi = round(r.u16() * 0.1, 1);
    const h = r.u16();
    out.heightM = imperial ? round(h * 0.1 * 0.0254, 3) : round(h * 0.001, 3);
  }
  return out;
}

const HEART_RATE = '8867-4';
const reading = (code, value, unit) => ({ code, value, unit });

// characteristic: its 16-bit number; value: the notification's bytes.
// Returns [{code, value, unit}], only finite values; throws GattFormatError
// on a malformed value and on a characteristic it does not know.
export function readingsOf(characteristic, value) {
  let out;
  switch (characteristic) {
    case CHARACTERISTICS.heartRate:
      out = [reading(HEART_RATE, parseHeartRate(value).heartRate, '/min')];
      break;
    case CHARACTERISTICS.plxSpotCheck:
    case CHARACTERISTICS.plxContinuous: {
      const m = characteristic === CHARACTERISTICS.plxSpotCheck ? parsePlxSpotCheck(value) : parsePlxContinuous(value);
      out = [reading('59408-5', m.spo2, '%'), reading(HEART_RATE, m.pulseRate, '/min')];
      break;
    }
    case CHARACTERISTICS.bloodPressure: {
      const m = parseBloodPressure(value);
      out = [reading('8480-6', m.systolic, 'mm[Hg]'), reading('8462-4', m.diastolic, 'mm[Hg]')];
      if ('pulseRate' in m) out.push(reading(HEART_RATE, m.pulseRate, '/min'));
      break;
    }
    case CHARACTERISTICS.temperature:
      out = [reading('8310-5', parseTemperature(value).celsius, 'Cel')];
      break;
    case CHARACTERISTICS.weight:
      out = [reading('29463-7', parseWeight(value).kg, 'kg')];
      break;
    default:
      throw new GattFormatError(`characteristic 0x${Number(characteristic).toString(16)} is not one of the health measurements`);
  }
  // a heart rate of 0 means the sensor has no contact: no reading
  return out.filter((x) => Number.isFinite(x.value) && !(x.code === HEART_RATE && x.value === 0));
}
