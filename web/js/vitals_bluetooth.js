// vitals_bluetooth.js — a body sensor over Web Bluetooth: the browser's own
// chooser lists devices that offer one of the standard health services
// (heart rate 0x180D, pulse oximeter 0x1822, blood pressure 0x1810, health
// thermometer 0x1809, weight scale 0x181D); on the chosen one every health
// measurement characteristic it has is subscribed to, and each notification
// or indication goes through the GATT parsers (gatt_parsers.js). A value
// that does not parse is counted, never stored.
import { CHARACTERISTICS as C, GattFormatError, readingsOf } from './gatt_parsers.js';

export const SERVICES = {
  0x180d: [C.heartRate],
  0x1822: [C.plxSpotCheck, C.plxContinuous],
  0x1810: [C.bloodPressure],
  0x1809: [C.temperature],
  0x181d: [C.weight],
};

export const bluetoothAvailable = () => typeof navigator !== 'undefined' && Boolean(navigator.bluetooth?.requestDevice);

// Asks the person to choose a device (needs a click), connects and
// subscribes. on.readings([{code, value, unit}]), on.malformed(), on.ended()
// when the device goes away. Resolves { name, stop() }; rejects when nothing
// was chosen or the device offers none of the measurements.
export async function connectBluetooth(on) {
  const services = Object.keys(SERVICES).map(Number);
  const device = await navigator.bluetooth.requestDevice({ filters: services.map((s) => ({ services: [s] })), optionalServices: services });
  const server = await device.gatt.connect();
  const subscribed = [];
  for (const [service, characteristics] of Object.entries(SERVICES)) {
    let primary;
    try { primary = await server.getPrimaryService(Number(service)); } catch { continue; } // not on this device
    for (const uuid of characteristics) {
      let ch;
      try { ch = await primary.getCharacteristic(uuid); } catch { continue; }
      const listener = (e) => {
        try {
          const readings = readingsOf(uuid, e.target.value);
          if (readings.length) on.readings(readings);
        } catch (err) {
          if (err instanceof GattFormatError) on.malformed?.();
          else throw err;
        }
      };
      ch.addEventListener('characteristicvaluechanged', listener);
      await ch.startNotifications(); // notifications or indications, whichever the characteristic has
      subscribed.push([ch, listener]);
    }
  }
  if (subscribed.length === 0) {
    device.gatt.disconnect();
    throw new Error('no_measurement');
  }
  const ended = () => on.ended?.();
  device.addEventListener('gattserverdisconnected', ended);
  return {
    name: device.name || '',
    stop() {
      device.removeEventListener('gattserverdisconnected', ended);
      for (const [ch, listener] of subscribed) {
        ch.removeEventListener('characteristicvaluechanged', listener);
        ch.stopNotifications().catch(() => {}); // the device may be gone already
      }
      if (device.gatt.connected) device.gatt.disconnect();
    },
  };
}
