// gatt_parsers.test.mjs — the browser's GATT parsers (web/js/gatt_parsers.js)
// on notification bytes laid out as the Bluetooth GATT Specification
// Supplement describes each characteristic: flags and their optional
// fields, uint8/uint16 heart rates, SFLOAT and FLOAT with their special
// values, unit flags converted to mm[Hg], Cel and kg, and buffers shorter
// than their flags promise, which are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHARACTERISTICS as C, GattFormatError, float, parseBloodPressure, parseHeartRate, parsePlxContinuous,
  parsePlxSpotCheck, parseTemperature, parseWeight, readingsOf, sfloat,
} from '../../web/js/gatt_parsers.js';

const bytes = (...b) => new Uint8Array(b);
const refused = (fn) => assert.throws(fn, GattFormatError);

test('SFLOAT: exponent and mantissa, negatives, and the reserved special values', () => {
  assert.equal(sfloat(0x0048), 72);
  assert.equal(sfloat(0xf3cf), 97.5); // 975 × 10^-1
  assert.equal(sfloat(0x2001), 100); // 1 × 10^2
  assert.equal(sfloat(0x0fff), -1); // mantissa −1
  assert.equal(sfloat(0xefd0), -0.48); // −48 × 10^-2
  assert.ok(Number.isNaN(sfloat(0x07ff)), 'NaN');
  assert.ok(Number.isNaN(sfloat(0x0800)), 'NRes');
  assert.ok(Number.isNaN(sfloat(0x0801)), 'reserved');
  assert.equal(sfloat(0x07fe), Infinity);
  assert.equal(sfloat(0x0802), -Infinity);
  // a mantissa of 0x7FF with another exponent is an ordinary number
  assert.equal(sfloat(0x17ff), 20470);
});

test('FLOAT: exponent and mantissa, and the reserved special values', () => {
  assert.equal(float(0xff00016d), 36.5);
  assert.equal(float(0x00000025), 37);
  assert.equal(float(0xfeffff9c), -1); // −100 × 10^-2
  assert.ok(Number.isNaN(float(0x007fffff)), 'NaN');
  assert.ok(Number.isNaN(float(0x00800000)), 'NRes');
  assert.ok(Number.isNaN(float(0x00800001)), 'reserved');
  assert.equal(float(0x007ffffe), Infinity);
  assert.equal(float(0x00800002), -Infinity);
});

test('Heart Rate Measurement 0x2A37: uint8 and uint16 values, contact, energy, RR intervals', () => {
  assert.deepEqual(parseHeartRate(bytes(0x00, 0x48)), { heartRate: 72, contact: 'unsupported' });
  assert.deepEqual(parseHeartRate(bytes(0x01, 0x2c, 0x01)), { heartRate: 300, contact: 'unsupported' });
  assert.deepEqual(parseHeartRate(bytes(0x16, 0x4b, 0x00, 0x04, 0x00, 0x02)),
    { heartRate: 75, contact: 'detected', rrIntervals: [1, 0.5] });
  assert.deepEqual(parseHeartRate(bytes(0x0c, 0x50, 0x10, 0x27)), { heartRate: 80, contact: 'not_detected', energyExpended: 10000 });
  assert.deepEqual(parseHeartRate(bytes(0x19, 0x8c, 0x00, 0x10, 0x27, 0x00, 0x03)),
    { heartRate: 140, contact: 'unsupported', energyExpended: 10000, rrIntervals: [0.75] });
  // a DataView over part of a larger buffer, as a browser may hand over
  const buf = new Uint8Array([0xaa, 0x00, 0x41, 0xbb]).buffer;
  assert.equal(parseHeartRate(new DataView(buf, 1, 2)).heartRate, 65);
  assert.deepEqual(readingsOf(C.heartRate, bytes(0x00, 0x48)), [{ code: '8867-4', value: 72, unit: '/min' }]);
  assert.deepEqual(readingsOf(C.heartRate, bytes(0x00, 0x00)), [], 'zero: no contact, no reading');
});

test('Heart Rate Measurement: short buffers are refused', () => {
  refused(() => parseHeartRate(bytes()));
  refused(() => parseHeartRate(bytes(0x00)));
  refused(() => parseHeartRate(bytes(0x01, 0x48)), 'uint16 flag with one byte');
  refused(() => parseHeartRate(bytes(0x08, 0x50, 0x10)), 'energy expended cut short');
  refused(() => parseHeartRate(bytes(0x10, 0x50, 0x00)), 'an RR interval of one byte');
  refused(() => parseHeartRate(bytes(0x10, 0x50)), 'RR flag and no interval');
  refused(() => parseHeartRate('0048'));
  refused(() => readingsOf(C.heartRate, bytes(0x01)));
});

test('PLX Spot-Check 0x2A5E: SpO2 and pulse rate, optional fields, NaN', () => {
  assert.deepEqual(parsePlxSpotCheck(bytes(0x00, 0x62, 0x00, 0x48, 0x00)), { spo2: 98, pulseRate: 72 });
  assert.deepEqual(parsePlxSpotCheck(bytes(0x0f, 0xcf, 0xf3, 0x48, 0x00, 0xea, 0x07, 0x0b, 0x17, 0x0a, 0x1e, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x2c, 0xf0)), {
    spo2: 97.5, pulseRate: 72, timestamp: '2026-11-23T10:30:00', measurementStatus: 0, deviceStatus: 0, pulseAmplitudeIndex: 4.4,
  });
  assert.deepEqual(readingsOf(C.plxSpotCheck, bytes(0x00, 0x61, 0x00, 0x4b, 0x00)),
    [{ code: '59408-5', value: 97, unit: '%' }, { code: '8867-4', value: 75, unit: '/min' }]);
  // SpO2 not a number (the sensor lost the finger), pulse rate NRes: nothing
  const none = bytes(0x00, 0xff, 0x07, 0x00, 0x08);
  assert.ok(Number.isNaN(parsePlxSpotCheck(none).spo2));
  assert.deepEqual(readingsOf(C.plxSpotCheck, none), []);
  assert.deepEqual(readingsOf(C.plxSpotCheck, bytes(0x00, 0xff, 0x07, 0x48, 0x00)), [{ code: '8867-4', value: 72, unit: '/min' }]);
  refused(() => parsePlxSpotCheck(bytes(0x00, 0x62, 0x00, 0x48)));
  refused(() => parsePlxSpotCheck(bytes(0x01, 0x62, 0x00, 0x48, 0x00, 0xea, 0x07)), 'timestamp cut short');
  refused(() => parsePlxSpotCheck(bytes(0x04, 0x62, 0x00, 0x48, 0x00, 0x00, 0x00)), 'device status cut short');
});

test('PLX Continuous 0x2A5F: normal, fast and slow pairs, status fields', () => {
  assert.deepEqual(parsePlxContinuous(bytes(0x00, 0x60, 0x00, 0x50, 0x00)), { spo2: 96, pulseRate: 80 });
  assert.deepEqual(parsePlxContinuous(bytes(0x1f, 0x60, 0x00, 0x50, 0x00, 0x5f, 0x00, 0x52, 0x00, 0x61, 0x00, 0x4e, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x00)), {
    spo2: 96, pulseRate: 80, fast: { spo2: 95, pulseRate: 82 }, slow: { spo2: 97, pulseRate: 78 },
    measurementStatus: 0, deviceStatus: 0, pulseAmplitudeIndex: 10,
  });
  assert.deepEqual(readingsOf(C.plxContinuous, bytes(0x00, 0x5b, 0x00, 0x50, 0x00)),
    [{ code: '59408-5', value: 91, unit: '%' }, { code: '8867-4', value: 80, unit: '/min' }]);
  refused(() => parsePlxContinuous(bytes(0x01, 0x60, 0x00, 0x50, 0x00, 0x5f, 0x00)), 'fast pair cut short');
  refused(() => parsePlxContinuous(bytes(0x02, 0x60, 0x00, 0x50, 0x00)), 'slow pair missing');
  refused(() => parsePlxContinuous(bytes(0x10, 0x60, 0x00, 0x50, 0x00, 0x0a)), 'pulse amplitude index cut short');
});

test('Blood Pressure Measurement 0x2A35: mmHg as sent, kPa converted to mm[Hg], pulse rate', () => {
  assert.deepEqual(parseBloodPressure(bytes(0x00, 0x78, 0x00, 0x50, 0x00, 0x5d, 0x00)),
    { systolic: 120, diastolic: 80, meanArterial: 93, unit: 'mm[Hg]', sentIn: 'mmHg' });
  // 16.0 kPa / 10.7 kPa / 12.4 kPa, with a pulse rate of 72 and user 1
  const kpa = parseBloodPressure(bytes(0x0d, 0xa0, 0xf0, 0x6b, 0xf0, 0x7c, 0xf0, 0x48, 0x00, 0x01));
  assert.deepEqual(kpa, { systolic: 120, diastolic: 80.3, meanArterial: 93, unit: 'mm[Hg]', sentIn: 'kPa', pulseRate: 72, userId: 1 });
  assert.deepEqual(readingsOf(C.bloodPressure, bytes(0x04, 0x8c, 0x00, 0x5a, 0x00, 0x6a, 0x00, 0x44, 0x00)), [
    { code: '8480-6', value: 140, unit: 'mm[Hg]' }, { code: '8462-4', value: 90, unit: 'mm[Hg]' },
    { code: '8867-4', value: 68, unit: '/min' }]);
  // mean arterial pressure unknown: systolic and diastolic still count
  assert.equal(readingsOf(C.bloodPressure, bytes(0x00, 0x78, 0x00, 0x50, 0x00, 0xff, 0x07)).length, 2);
  assert.deepEqual(readingsOf(C.bloodPressure, bytes(0x00, 0xff, 0x07, 0x50, 0x00, 0x5d, 0x00)),
    [{ code: '8462-4', value: 80, unit: 'mm[Hg]' }], 'a NaN systolic is dropped');
  refused(() => parseBloodPressure(bytes(0x00, 0x78, 0x00, 0x50, 0x00, 0x5d)));
  refused(() => parseBloodPressure(bytes(0x04, 0x78, 0x00, 0x50, 0x00, 0x5d, 0x00)), 'pulse rate flag, no pulse rate');
  refused(() => parseBloodPressure(bytes(0x10, 0x78, 0x00, 0x50, 0x00, 0x5d, 0x00, 0x00)), 'status cut short');
});

test('Temperature Measurement 0x2A1C: Celsius as sent, Fahrenheit converted to Cel, NaN', () => {
  assert.deepEqual(parseTemperature(bytes(0x00, 0x6d, 0x01, 0x00, 0xff)), { celsius: 36.5, sentIn: 'C' });
  assert.deepEqual(parseTemperature(bytes(0x06, 0xda, 0x03, 0x00, 0xff, 0xea, 0x07, 0x0b, 0x17, 0x08, 0x05, 0x09, 0x02)),
    { celsius: 98.6, sentIn: 'C', timestamp: '2026-11-23T08:05:09', type: 2 });
  assert.deepEqual(parseTemperature(bytes(0x01, 0xda, 0x03, 0x00, 0xff)), { celsius: 37, sentIn: 'F' });
  assert.deepEqual(readingsOf(C.temperature, bytes(0x01, 0xf5, 0x03, 0x00, 0xff)), [{ code: '8310-5', value: 38.5, unit: 'Cel' }]);
  assert.deepEqual(readingsOf(C.temperature, bytes(0x00, 0xff, 0xff, 0x7f, 0x00)), [], 'NaN');
  assert.deepEqual(readingsOf(C.temperature, bytes(0x00, 0xfe, 0xff, 0x7f, 0x00)), [], '+INF is no reading');
  refused(() => parseTemperature(bytes(0x00, 0x6d, 0x01, 0x00)));
  refused(() => parseTemperature(bytes(0x04, 0x6d, 0x01, 0x00, 0xff)), 'type flag, no type');
});

test('Weight Measurement 0x2A9D: 0.005 kg and 0.01 lb resolutions to kg, BMI and height, unsuccessful', () => {
  assert.deepEqual(parseWeight(bytes(0x00, 0x14, 0x37)), { kg: 70.5, sentIn: 'kg' });
  assert.deepEqual(parseWeight(bytes(0x01, 0x48, 0x3c)), { kg: 69.998, sentIn: 'lb' });
  assert.deepEqual(parseWeight(bytes(0x0c, 0x14, 0x37, 0x02, 0xe1, 0x00, 0xea, 0x06)),
    { kg: 70.5, sentIn: 'kg', userId: 2, bmi: 22.5, heightM: 1.77 });
  assert.deepEqual(parseWeight(bytes(0x09, 0x48, 0x3c, 0xe1, 0x00, 0xbe, 0x02)),
    { kg: 69.998, sentIn: 'lb', bmi: 22.5, heightM: 1.783 }, '70.2 in');
  assert.deepEqual(readingsOf(C.weight, bytes(0x00, 0x14, 0x37)), [{ code: '29463-7', value: 70.5, unit: 'kg' }]);
  assert.ok(Number.isNaN(parseWeight(bytes(0x00, 0xff, 0xff)).kg));
  assert.deepEqual(readingsOf(C.weight, bytes(0x00, 0xff, 0xff)), [], 'measurement unsuccessful');
  refused(() => parseWeight(bytes(0x00, 0x14)));
  refused(() => parseWeight(bytes(0x08, 0x14, 0x37, 0xe1, 0x00)), 'height missing');
  refused(() => parseWeight(bytes(0x02, 0x14, 0x37, 0xea, 0x07, 0x0b)), 'timestamp cut short');
});

test('a characteristic that is not a health measurement is refused', () => {
  refused(() => readingsOf(0x2a19, bytes(0x64)));
});
