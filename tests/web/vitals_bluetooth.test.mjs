// vitals_bluetooth.test.mjs — the Web Bluetooth source (web/js/vitals_bluetooth.js)
// against a stand-in for navigator.bluetooth (no browser here has a radio):
// the chooser is asked for the five health services, every measurement
// characteristic the chosen device has is subscribed to, notifications go
// through the GATT parsers, malformed ones are counted, a device without a
// measurement is refused and let go, and stop() unsubscribes and disconnects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectBluetooth, SERVICES } from '../../web/js/vitals_bluetooth.js';

// A device offering services { uuid: [characteristic uuids] }; what the
// page did to it is recorded in log.
function fakeDevice(services) {
  const log = { asked: null, notifying: new Set(), connected: false };
  const characteristics = new Map();
  const device = {
    name: 'Pulse Ox 9000',
    listeners: {},
    addEventListener(type, fn) { this.listeners[type] = fn; },
    removeEventListener(type) { delete this.listeners[type]; },
    gatt: {
      get connected() { return log.connected; },
      async connect() {
        log.connected = true;
        return {
          async getPrimaryService(uuid) {
            if (!services[uuid]) throw Object.assign(new Error('no service'), { name: 'NotFoundError' });
            return {
              async getCharacteristic(c) {
                if (!services[uuid].includes(c)) throw Object.assign(new Error('no characteristic'), { name: 'NotFoundError' });
                const ch = {
                  listener: null,
                  addEventListener(type, fn) { this.listener = fn; },
                  removeEventListener() { this.listener = null; },
                  async startNotifications() { log.notifying.add(c); },
                  async stopNotifications() { log.notifying.delete(c); },
                };
                characteristics.set(c, ch);
                return ch;
              },
            };
          },
        };
      },
      disconnect() { log.connected = false; },
    },
  };
  globalThis.navigator = { bluetooth: { async requestDevice(options) { log.asked = options; return device; } } };
  // the device sends bytes on characteristic c
  const notify = (c, bytes) => characteristics.get(c).listener({ target: { value: new DataView(new Uint8Array(bytes).buffer) } });
  return { device, log, notify };
}

test('a pulse oximeter and heart-rate strap: all their measurements subscribed and parsed', async () => {
  const { log, notify, device } = fakeDevice({ 0x1822: [0x2a5e, 0x2a5f], 0x180d: [0x2a37] });
  const readings = [];
  let malformed = 0;
  let ended = 0;
  const ble = await connectBluetooth({ readings: (r) => readings.push(...r), malformed: () => malformed++, ended: () => ended++ });
  assert.equal(ble.name, 'Pulse Ox 9000');
  assert.deepEqual(log.asked.filters.map((f) => f.services[0]).sort(), [0x180d, 0x1809, 0x1810, 0x181d, 0x1822].sort());
  assert.deepEqual([...log.notifying].sort(), [0x2a37, 0x2a5e, 0x2a5f]);

  notify(0x2a37, [0x00, 0x48]);
  notify(0x2a5f, [0x00, 0x61, 0x00, 0x4b, 0x00]);
  notify(0x2a37, [0x01, 0x48]); // uint16 flag, one byte: malformed
  notify(0x2a5e, [0x00, 0xff, 0x07, 0x00, 0x08]); // SpO2 NaN, pulse NRes: nothing
  assert.deepEqual(readings, [
    { code: '8867-4', value: 72, unit: '/min' },
    { code: '59408-5', value: 97, unit: '%' }, { code: '8867-4', value: 75, unit: '/min' }]);
  assert.equal(malformed, 1);

  device.listeners.gattserverdisconnected();
  assert.equal(ended, 1, 'the device going away is told');
  ble.stop();
  assert.deepEqual([...log.notifying], [], 'unsubscribed');
  assert.equal(log.connected, false, 'disconnected');
});

test('a device with none of the measurements is refused and let go', async () => {
  const { log } = fakeDevice({ 0x180f: [0x2a19] }); // only a battery
  await assert.rejects(connectBluetooth({ readings() {} }), /no_measurement/);
  assert.equal(log.connected, false);
});

test('the services asked for are the five of the issue, with their measurement characteristics', () => {
  assert.deepEqual(Object.fromEntries(Object.entries(SERVICES).map(([s, cs]) => [Number(s).toString(16), cs.map((c) => c.toString(16))])),
    { '180d': ['2a37'], 1822: ['2a5e', '2a5f'], 1810: ['2a35'], 1809: ['2a1c'], '181d': ['2a9d'] });
});
