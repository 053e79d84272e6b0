// call_scene.mjs — the stage of the browser tests that happen inside one
// call: a server that opens consultations 20 minutes early, a doctor and a
// patient with an appointment now, and their pages in two Chromium
// instances with fake cameras, connected, data channels open; and typing
// into the call's chat.
import { startServer } from '../support/server.mjs';
import { client } from '../api/client.mjs';
import { consultationSoon } from '../api/rooms.mjs';
import { launch } from './browser.mjs';
import { openCall } from './consult_pages.mjs';

// Fills scene step by step ({ server, api, made, appointmentId, browsers,
// call }), so that tearDownCall(scene) closes what was opened even when a
// step failed.
export async function setUpCall(scene, { doctorUser, patientUser, shot }) {
  scene.browsers = [];
  scene.server = await startServer({ flags: ['--join-early-minutes', '20'] });
  scene.api = client(scene.server);
  scene.made = await consultationSoon(scene.api, doctorUser, patientUser);
  scene.appointmentId = scene.made.appointment.id;
  scene.browsers.push(await launch({ media: true }), await launch({ media: true }));
  scene.call = await openCall(scene.browsers, scene.server, { doctorUser, patientUser, appointmentId: scene.appointmentId, shot });
}

export async function tearDownCall(scene) {
  for (const b of scene.browsers ?? []) await b.close();
  await scene.server?.stop();
}

// Types text into the page's chat and sends it with Enter.
export async function say(page, text) {
  await page.getByLabel(/^Message to /).fill(text);
  await page.getByLabel(/^Message to /).press('Enter');
}
