// collab.test.mjs — what two people share in a call besides media, over
// RTCDataChannel between two separate Chromium instances: chat both ways
// with delivered marks (markup shown as text); malformed messages from the
// other page (chat, board, pointer, files) ignored and counted; a 5 MB file
// each way with progress on both sides and the same SHA-256 at both ends;
// cancel mid-transfer from either side; the whiteboard: strokes and notes on
// one side appear on the other at the same place on screens of different
// sizes (stroke logs and canvas pixels), undo and redo of one's own, the
// other's pointer, clear for both, a background image from disk on both to
// draw over, a reloaded page gets the whole board back, export as PNG, a
// received image previewed and opened on the board; hanging up interrupts a
// transfer. Real server (signalling only), real browsers, peer-to-peer data.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newUser } from '../api/client.mjs';
import { artifacts } from './browser.mjs';
import { expectText } from './consult_pages.mjs';
import { say, setUpCall, tearDownCall } from './call_scene.mjs';

const scene = {};
const doctorUser = newUser({ role: 'doctor', full_name: 'Dr Clara Collab' });
const patientUser = newUser({ full_name: 'Pedro Partilha' });
let call; // { doctor, patient } once the first test connected them
const files = mkdtempSync(join(tmpdir(), 'telemed-collab-'));

before(async () => {
  await setUpCall(scene, { doctorUser, patientUser, shot: 'collab' });
  ({ call } = scene);
});

after(async () => {
  await tearDownCall(scene);
  rmSync(files, { recursive: true, force: true });
});

// The chat log's messages as the page shows them: [sender, text, delivered mark].
function chatLines(page) {
  return page.locator('[data-chat-message]').evaluateAll((items) => items.map((li) => [
    li.querySelector('strong').textContent, li.querySelector('[data-chat-text]').textContent,
    li.querySelector('[data-delivered]')?.dataset.delivered ?? null]));
}

test('chat both ways: sender, time and a delivered mark; markup is shown as text', { timeout: 60_000 }, async () => {
  const { doctor, patient } = call;
  const markup = '<img src=x onerror=alert(1)>';
  await say(patient.page, markup);
  await doctor.page.locator('[data-chat-text]', { hasText: markup }).waitFor();
  await patient.page.locator('[data-delivered="yes"]').waitFor({ timeout: 10_000 });
  assert.deepEqual(await chatLines(doctor.page), [['Pedro Partilha', markup, null]]);
  assert.equal(await doctor.page.locator('.chat-log img').count(), 0, 'no element made of the text');
  assert.match(await doctor.page.locator('[data-chat-message] time').first().innerText(), /^\d{1,2}:\d\d( [AP]M)?$/);

  await say(doctor.page, 'Olá Pedro,\nhow is the rash today?');
  await patient.page.locator('[data-chat-message]').nth(1).waitFor();
  await doctor.page.locator('[data-delivered="yes"]').waitFor({ timeout: 10_000 });
  assert.deepEqual(await chatLines(patient.page), [['You', markup, 'yes'], ['Dr Clara Collab', 'Olá Pedro,\nhow is the rash today?', null]]);
  assert.deepEqual(await chatLines(doctor.page), [['Pedro Partilha', markup, null], ['You', 'Olá Pedro,\nhow is the rash today?', 'yes']]);
  // the log is announced to screen readers
  assert.equal(await patient.page.locator('.chat-log').getAttribute('aria-live'), 'polite');
});

test('messages from the other page that are unknown or malformed are ignored and counted', { timeout: 30_000 }, async () => {
  const { doctor, patient } = call;
  await patient.page.evaluate(() => {
    const ch = window.__telemedCall.channels();
    for (const m of ['not json', '[1,2]', '{"type":"chat","id":"../x","text":"bad id"}', '{"type":"chat","id":"a1","text":42}',
      '{"type":"launch_missiles"}']) ch.channel('chat').send(m);
    ch.channel('chat').send(new Uint8Array([1, 2, 3]));
    ch.channel('board').send('{"type":"item","item":{"id":"x1","kind":"pen","colour":"constructor","width":"thin","points":[0.1,0.1]}}');
    ch.channel('board').send('{"type":"snapshot","items":"all"}');
    ch.channel('pointer').send('{"type":"pointer","x":2,"y":0}');
    ch.channel('files').send('{"type":"file_end","serial":99,"sha256":"zz"}');
  });
  await doctor.page.locator('[data-ignored="10"]').waitFor({ timeout: 10_000 });
  assert.equal(await doctor.page.evaluate(() => window.__telemedBoard.items().length), 0, 'nothing drawn');
  assert.equal(await doctor.page.locator('[data-chat-message]').count(), 2, 'nothing of them in the chat');
  assert.deepEqual(doctor.problems, []);
  assert.deepEqual(patient.problems, []);
});

// A file of random bytes on disk: { path, name, sha256 }.
function randomFile(name, bytes) {
  const data = randomBytes(bytes);
  const path = join(files, name);
  writeFileSync(path, data);
  return { path, name, sha256: createHash('sha256').update(data).digest('hex') };
}

// Records on the page every value the progress bar of a transfer shows
// while it runs (window.__progressSeen[name]).
function watchProgress(page) {
  return page.evaluate(() => {
    window.__progressSeen = {};
    new MutationObserver(() => {
      for (const li of document.querySelectorAll('[data-transfer]')) {
        const name = li.querySelector('[data-file-name]').textContent;
        const seen = (window.__progressSeen[name] ||= []);
        const v = Number(li.querySelector('progress').dataset.bytes);
        if (seen.at(-1) !== v) seen.push(v);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-bytes'] });
  });
}

// Downloads what arrived as name through its link, as a person would:
// { sha256, filename }.
async function download(page, name) {
  const [file] = await Promise.all([page.waitForEvent('download'),
    transfer(page, 'in', name).getByRole('link', { name: 'Download' }).click()]);
  return { sha256: createHash('sha256').update(readFileSync(await file.path())).digest('hex'), filename: file.suggestedFilename() };
}

const transfer = (page, dir, name) => page.locator(`[data-transfer="${dir}"]`, { hasText: name });

test('a 5 MB file each way: progress on both sides, the same SHA-256 at both ends, a download link', { timeout: 90_000 }, async () => {
  const { doctor, patient } = call;
  const pairs = [[patient, doctor, randomFile('scan-from-patient.bin', 5 * 1024 * 1024)],
    [doctor, patient, randomFile('letter-from-doctor.bin', 5 * 1024 * 1024)]];
  for (const [from, to, file] of pairs) {
    await watchProgress(from.page);
    await watchProgress(to.page);
    // a slow receiving device (its page busy 3/4 of the time), so that even
    // on a fast machine the transfer lasts long enough to be seen under way
    await to.page.evaluate(() => {
      window.__busy = setInterval(() => { const end = performance.now() + 15; while (performance.now() < end); }, 20);
    });
    await from.page.getByLabel('Send a file').setInputFiles(file.path);
    await transfer(to.page, "in", file.name).and(to.page.locator("[data-state=\"verified\"]")).waitFor({ timeout: 30_000 });
    await to.page.evaluate(() => clearInterval(window.__busy));
    await from.page.locator('[data-transfer="out"][data-state="verified"]', { hasText: file.name }).waitFor({ timeout: 10_000 });
    assert.equal(await transfer(to.page, 'in', file.name).locator('.transfer-state').innerText(), 'Arrived intact (SHA-256 matches)');
    assert.deepEqual(await download(to.page, file.name), { sha256: file.sha256, filename: file.name });
    for (const side of [from, to]) {
      const seen = await side.page.evaluate((n) => window.__progressSeen[n], file.name);
      assert.ok(seen.some((v) => v > 0 && v < 5 * 1024 * 1024), `progress seen under way on both sides: ${seen}`);
      assert.equal(seen.at(-1), 5 * 1024 * 1024);
    }
  }
});

test('cancel mid-transfer, by the receiver and by the sender: both sides say so and nothing is offered to download', { timeout: 90_000 }, async () => {
  const { doctor, patient } = call;
  for (const [canceller, who] of [[doctor, 'receiver'], [patient, 'sender']]) {
    const file = randomFile(`big-${who}.bin`, 100 * 1024 * 1024);
    await patient.page.getByLabel('Send a file').setInputFiles(file.path);
    const incoming = transfer(doctor.page, 'in', file.name);
    await doctor.page.waitForFunction((n) => [...document.querySelectorAll('[data-transfer="in"]')]
      .some((li) => li.textContent.includes(n) && Number(li.querySelector('progress').dataset.bytes) > 0), file.name, { timeout: 20_000 });
    await canceller.page.getByRole('button', { name: `Cancel: ${file.name}` }).click();
    const [own, other] = canceller === doctor ? [incoming, transfer(patient.page, 'out', file.name)] : [transfer(patient.page, 'out', file.name), incoming];
    await own.and(canceller.page.locator('[data-state="cancelled"]')).waitFor({ timeout: 10_000 });
    const otherPage = canceller === doctor ? patient.page : doctor.page;
    await other.and(otherPage.locator('[data-state="cancelled_peer"]')).waitFor({ timeout: 10_000 });
    assert.equal(await other.locator('.transfer-state').innerText(), 'Cancelled by the other side');
    const bytes = Number(await incoming.locator('progress').getAttribute('data-bytes'));
    assert.ok(bytes < 100 * 1024 * 1024, `stopped part way (${bytes})`);
    assert.equal(await incoming.getByRole('link', { name: 'Download' }).count(), 0);
  }
  // the channel still works after both
  const small = randomFile('after.bin', 1000);
  await patient.page.getByLabel('Send a file').setInputFiles(small.path);
  await transfer(doctor.page, 'in', small.name).and(doctor.page.locator('[data-state="verified"]')).waitFor({ timeout: 10_000 });
  assert.deepEqual(doctor.problems, []);
  assert.deepEqual(patient.problems, []);
});

// The board's items as the page holds them, without who drew them.
const boardLog = (page) => page.evaluate(() => window.__telemedBoard.items().map(({ mine, ...item }) => item));

// The colour [r, g, b, a] of a canvas of the board at board coordinates (x, y).
function pixel(page, canvas, x, y) {
  return page.locator(`canvas.board-${canvas}`).evaluate((c, [bx, by]) => [...c.getContext('2d')
    .getImageData(Math.min(c.width - 1, Math.floor(bx * c.width)), Math.min(c.height - 1, Math.floor(by * c.height)), 1, 1).data], [x, y]);
}

// Draws a line with the mouse across the board from (x0, y0) to (x1, y1),
// in board coordinates.
async function drawLine(page, [x0, y0], [x1, y1]) {
  const box = await page.locator('canvas.board-ink').boundingBox();
  await page.mouse.move(box.x + x0 * box.width, box.y + y0 * box.height);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) {
    await page.mouse.move(box.x + (x0 + (x1 - x0) * i / 10) * box.width, box.y + (y0 + (y1 - y0) * i / 10) * box.height);
  }
  await page.mouse.up();
}

// Waits until both pages hold the same board log of n items; returns it.
async function sameBoard(a, b, n) {
  for (const page of [a, b]) {
    await page.waitForFunction((k) => window.__telemedBoard?.items().length === k, n, { timeout: 15_000 });
  }
  const log = await boardLog(a);
  assert.deepEqual(await boardLog(b), log);
  return log;
}

const RED = [214, 40, 40, 255];
const BLUE = [29, 78, 216, 255];

test('whiteboard: strokes, notes, undo and redo, the pointer and clear reach the other side at the same place', { timeout: 90_000 }, async () => {
  const { doctor, patient } = call;
  await patient.page.setViewportSize({ width: 1800, height: 900 }); // a wider board than the doctor's, beside the panel
  const board = (page) => page.getByRole('region', { name: 'Whiteboard' });
  await board(doctor.page).scrollIntoViewIfNeeded();
  await board(patient.page).scrollIntoViewIfNeeded();
  const [dw, pw] = [await doctor.page.locator('canvas.board-ink').boundingBox(), await patient.page.locator('canvas.board-ink').boundingBox()];
  assert.ok(pw.width > dw.width + 300, `different sizes (${dw.width} and ${pw.width})`);

  // the doctor draws a red line across the middle, thick
  await board(doctor.page).getByLabel('Width').selectOption('thick');
  await drawLine(doctor.page, [0.2, 0.5], [0.8, 0.5]);
  let log = await sameBoard(doctor.page, patient.page, 1);
  assert.equal(log[0].kind, 'pen');
  assert.equal(log[0].colour, 'red');
  assert.ok(Math.abs(log[0].points[0] - 0.2) < 0.01 && Math.abs(log[0].points.at(-1) - 0.5) < 0.01, JSON.stringify(log[0].points));
  for (const side of [doctor, patient]) {
    assert.deepEqual(await pixel(side.page, 'ink', 0.5, 0.5), RED, 'the line is in the middle of either screen');
    assert.equal((await pixel(side.page, 'ink', 0.5, 0.2))[3], 0, 'and not elsewhere');
  }
  // the patient draws a blue line down, and writes a note (as text)
  await board(patient.page).getByTitle('Blue').click();
  await drawLine(patient.page, [0.3, 0.1], [0.3, 0.9]);
  await board(patient.page).getByRole('button', { name: 'Text note' }).click();
  await board(patient.page).getByLabel('Note text').fill('<b>here</b>');
  const pb = await patient.page.locator('canvas.board-ink').boundingBox();
  await patient.page.mouse.click(pb.x + 0.6 * pb.width, pb.y + 0.7 * pb.height);
  log = await sameBoard(doctor.page, patient.page, 3);
  assert.deepEqual(log.map((i) => [i.kind, i.colour, i.text]), [['pen', 'red', undefined], ['pen', 'blue', undefined], ['note', 'blue', '<b>here</b>']]);
  assert.deepEqual(await pixel(doctor.page, 'ink', 0.3, 0.3), BLUE);

  // the patient's pointer is seen by the doctor
  await patient.page.mouse.move(pb.x + 0.9 * pb.width, pb.y + 0.1 * pb.height);
  await patient.page.mouse.move(pb.x + 0.9 * pb.width + 2, pb.y + 0.1 * pb.height + 2);
  const pointer = doctor.page.getByRole('img', { name: "Pedro Partilha's pointer" });
  await pointer.waitFor({ timeout: 5_000 });
  // the pointer channel is unordered and may drop a position: the dot
  // shows where the newest one that came says, so it is looked at until it
  // settles (or 5 s pass)
  const across = async () => {
    const [surface, dot] = [await doctor.page.locator('.board-surface').boundingBox(), await pointer.boundingBox()];
    return (dot.x + dot.width / 2 - surface.x) / surface.width;
  };
  let x = await across();
  for (const until = Date.now() + 5_000; Math.abs(x - 0.9) >= 0.03 && Date.now() < until; x = await across()) {
    await doctor.page.waitForTimeout(100);
  }
  assert.ok(Math.abs(x - 0.9) < 0.03, `at the same place (${x})`);

  // undo takes back only one's own last item, on both; redo puts it back
  await board(doctor.page).getByRole('button', { name: 'Undo' }).click();
  log = await sameBoard(doctor.page, patient.page, 2);
  assert.deepEqual(log.map((i) => i.colour), ['blue', 'blue'], "the doctor's red line went, the patient's items stay");
  assert.equal((await pixel(patient.page, 'ink', 0.5, 0.5))[3], 0);
  assert.ok(await board(doctor.page).getByRole('button', { name: 'Undo' }).isDisabled(), 'nothing more of the doctor to undo');
  await board(doctor.page).getByRole('button', { name: 'Redo' }).click();
  log = await sameBoard(doctor.page, patient.page, 3);
  assert.deepEqual(await pixel(patient.page, 'ink', 0.5, 0.5), RED);

  // the eraser clears ink where it goes, on both
  await board(doctor.page).getByRole('button', { name: 'Eraser' }).click();
  await drawLine(doctor.page, [0.45, 0.3], [0.45, 0.7]);
  await sameBoard(doctor.page, patient.page, 4);
  for (const side of [doctor, patient]) assert.equal((await pixel(side.page, 'ink', 0.45, 0.5))[3], 0, 'erased');
  assert.deepEqual(await pixel(patient.page, 'ink', 0.6, 0.5), RED, 'beside it the line stays');

  // clear, by the patient, clears both
  await board(patient.page).getByRole('button', { name: 'Clear for both' }).click();
  await sameBoard(doctor.page, patient.page, 0);
  for (const side of [doctor, patient]) assert.equal((await pixel(side.page, 'ink', 0.3, 0.3))[3], 0);
  await patient.page.setViewportSize({ width: 1280, height: 720 });
});

// A PNG made by the page, width × height: left half blue, right half yellow.
async function twoColourPng(page, width, height) {
  return Buffer.from(await page.evaluate(async ([w, h]) => {
    const c = new OffscreenCanvas(w, h);
    const g = c.getContext('2d');
    g.fillStyle = '#0000ff';
    g.fillRect(0, 0, w / 2, h);
    g.fillStyle = '#ffff00';
    g.fillRect(w / 2, 0, w / 2, h);
    const bytes = new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer());
    return btoa(String.fromCharCode(...bytes));
  }, [width, height]), 'base64');
}

test('whiteboard: a background image from disk appears on both and is drawn over; a reloaded page gets the whole board; export PNG', { timeout: 120_000 }, async () => {
  const { doctor, patient } = call;
  const png = await twoColourPng(patient.page, 400, 200);
  await patient.page.getByLabel('Background image').setInputFiles({ name: 'xray.png', mimeType: 'image/png', buffer: png });
  for (const side of [patient, doctor]) {
    await side.page.waitForFunction(() => window.__telemedBoard.background()?.width === 400, null, { timeout: 15_000 });
    // the board takes the image's shape and shows it
    const box = await side.page.locator('.board-surface').boundingBox();
    assert.ok(Math.abs(box.width / box.height - 2) < 0.02, `2:1 like the image (${box.width}×${box.height})`);
    const [left, right] = [await pixel(side.page, 'back', 0.25, 0.5), await pixel(side.page, 'back', 0.75, 0.5)];
    assert.ok(left[2] > 200 && left[0] < 40 && right[0] > 200 && right[2] < 40, `blue and yellow: ${left} ${right}`);
  }
  // the doctor draws over it: ink on top, the image beneath unchanged
  await doctor.page.locator('.board').getByRole('button', { name: 'Pen' }).click();
  await drawLine(doctor.page, [0.1, 0.5], [0.9, 0.5]);
  await sameBoard(doctor.page, patient.page, 1);
  assert.deepEqual(await pixel(patient.page, 'ink', 0.75, 0.5), RED);
  assert.ok((await pixel(patient.page, 'back', 0.75, 0.5))[0] > 200, 'the image is still beneath');
  await doctor.page.locator('.collab').screenshot({ path: join(artifacts, 'e2e-collab-doctor.png') });

  // the patient's page reloads: the call starts again, and the board comes back whole
  const before = await boardLog(doctor.page);
  await patient.page.reload();
  await doctor.page.getByText('Pedro Partilha is in the waiting room.').waitFor({ timeout: 30_000 });
  await doctor.page.getByRole('button', { name: 'Start video' }).click();
  await expectText(patient, 'Dr Clara Collab is calling you.', 'collab-reload');
  await patient.page.getByRole('button', { name: 'Accept' }).click();
  await patient.page.waitForFunction(() => window.__telemedBoard?.items().length === 1 && window.__telemedBoard.background()?.width === 400,
    null, { timeout: 20_000 });
  assert.deepEqual(await boardLog(patient.page), before);
  await patient.page.locator('.board').scrollIntoViewIfNeeded();
  assert.deepEqual(await pixel(patient.page, 'ink', 0.75, 0.5), RED);
  assert.ok((await pixel(patient.page, 'back', 0.25, 0.5))[2] > 200, 'the image came back too');

  // export: a PNG of the image's size with the drawing on it
  const [file] = await Promise.all([doctor.page.waitForEvent('download'), doctor.page.getByRole('button', { name: 'Export PNG' }).click()]);
  assert.equal(file.suggestedFilename(), 'whiteboard.png');
  const exported = readFileSync(await file.path());
  assert.equal(exported.subarray(1, 4).toString(), 'PNG');
  assert.deepEqual([exported.readUInt32BE(16), exported.readUInt32BE(20)], [400, 200]);

  // a received image is previewed inline and can be opened on the whiteboard, for both
  await patient.page.getByLabel('Send a file').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: await twoColourPng(patient.page, 300, 300) });
  const preview = doctor.page.getByRole('img', { name: 'Preview of photo.png' });
  await preview.waitFor({ timeout: 15_000 });
  assert.equal(await preview.evaluate((img) => img.decode().then(() => img.naturalWidth)), 300);
  await transfer(doctor.page, 'in', 'photo.png').getByRole('button', { name: 'Open on the whiteboard' }).click();
  for (const side of [doctor, patient]) {
    await side.page.waitForFunction(() => window.__telemedBoard.background()?.width === 300, null, { timeout: 15_000 });
  }
  assert.equal(await sameBoard(doctor.page, patient.page, 1).then((log) => log.length), 1, 'the drawing stays over the new image');
  assert.deepEqual(doctor.problems, []);
  assert.deepEqual(patient.problems, []);
});

test('hanging up mid-transfer interrupts it on both sides', { timeout: 60_000 }, async () => {
  const { doctor, patient } = call;
  const file = randomFile('cut-short.bin', 100 * 1024 * 1024);
  await doctor.page.getByLabel('Send a file').setInputFiles(file.path);
  await patient.page.waitForFunction((n) => [...document.querySelectorAll('[data-transfer="in"]')]
    .some((li) => li.textContent.includes(n) && Number(li.querySelector('progress').dataset.bytes) > 0), file.name, { timeout: 20_000 });
  await patient.page.getByRole('button', { name: 'Hang up' }).click();
  await transfer(patient.page, 'in', file.name).and(patient.page.locator('[data-state="interrupted"]')).waitFor({ timeout: 10_000 });
  await transfer(doctor.page, 'out', file.name).and(doctor.page.locator('[data-state="interrupted"]')).waitFor({ timeout: 10_000 });
  assert.equal(await transfer(patient.page, 'in', file.name).locator('.transfer-state').innerText(), 'Interrupted: the connection dropped');
  // what was said and drawn stays on the page after the call
  assert.equal(await doctor.page.locator('[data-chat-message]').count(), 2);
  assert.ok(await patient.page.locator('#chat-input').isDisabled());
  assert.deepEqual(doctor.problems, []);
  assert.deepEqual(patient.problems, []);
});
