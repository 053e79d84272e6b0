// export.test.mjs — the patient's right to their data: GET /api/v1/me/export
// gives everything held about them as one FHIR R4 Bundle that a third-party
// validator (the FHIR R4 JSON schema, from npm) accepts: Patient, the
// Practitioners met, Appointment, Encounter, intake answers, signed notes,
// prescriptions, messages, consents and the audit events about them; drafts
// and other patients' data stay out; only the patient exports; audited.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startServer } from '../support/server.mjs';
import { assertError, client, giveConsent, withdrawConsent } from './client.mjs';
import { addAdmin, patientSession, verifiedDoctor } from './people.mjs';
import { bookNext } from './rooms.mjs';

const FhirValidator = createRequire(import.meta.url)('@asymmetrik/fhir-json-schema-validator');
const validator = new FhirValidator();

let server, api, admin, doctor, patient, other, appointments, prescription, bundle, res;

const intake = [
  { link_id: 'symptoms', text: 'What troubles you?', type: 'string', required: true },
  { link_id: 'fever', text: 'Do you have a fever?', type: 'boolean', required: true },
  { link_id: 'temp', text: 'Temperature (°C)', type: 'decimal', min: 35, max: 43 },
];
const ofType = (type) => bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === type);
const decoded = (doc) => Buffer.from(doc.content[0].attachment.data, 'base64').toString('utf8');

before(async () => {
  server = await startServer();
  api = client(server);
  admin = await addAdmin(server, api);
  doctor = await verifiedDoctor(api, admin, { full_name: 'Dr Erin Export' });
  patient = await patientSession(api, { full_name: 'Pat Portable' });
  other = await patientSession(api, { full_name: 'Olga Other' });
  const q = await api.request('PUT', `/api/v1/doctors/${doctor.id}/questionnaire`, { token: doctor.token, json: { items: intake } });
  assert.equal(q.status, 200, q.text);
  appointments = await bookNext(api, doctor, [patient.token, patient.token, other.token],
    ['Itchy rash on the forearm', 'Follow-up', 'Secret of Olga'],
    [{ symptoms: 'rash', fever: false, temp: 36.8 }, { symptoms: 'better', fever: false }, { symptoms: 'olga only', fever: true }]);
  const [first, second, third] = appointments;
  const note = { findings: 'Erythematous rash, left forearm', assessment: 'Contact dermatitis', plan: 'Hydrocortisone 1%', icd10: 'L25.9' };
  assert.equal((await api.request('PUT', `/api/v1/appointments/${first.id}/note`, { token: doctor.token, json: note })).status, 200);
  assert.equal((await api.post(`/api/v1/appointments/${first.id}/note/sign`, undefined, { token: doctor.token })).status, 200);
  assert.equal((await api.post(`/api/v1/appointments/${first.id}/note/amendments`, { text: 'Patch test booked' }, { token: doctor.token })).status, 200);
  assert.equal((await api.request('PUT', `/api/v1/appointments/${second.id}/note`, { token: doctor.token, json: { ...note, findings: 'DRAFT ONLY' } })).status, 200);
  assert.equal((await api.request('PUT', `/api/v1/appointments/${third.id}/note`, { token: doctor.token, json: { ...note, findings: 'Olga finding' } })).status, 200);
  assert.equal((await api.post(`/api/v1/appointments/${third.id}/note/sign`, undefined, { token: doctor.token })).status, 200);
  const rx = await api.post(`/api/v1/appointments/${first.id}/prescriptions`, { medication: { name: 'Hydrocortisone', strength: '1%', form: 'cream' },
    dosage: 'Apply thinly twice a day', quantity: 1, repeats: 2, valid_until: new Date(Date.now() + 30 * 86400_000).toISOString() }, { token: doctor.token });
  assert.equal(rx.status, 201, rx.text);
  prescription = rx.json;
  const conv = await api.post('/api/v1/conversations', { patient_id: patient.id, title: 'Your results' }, { token: doctor.token });
  assert.equal(conv.status, 201, conv.text);
  for (const [token, text] of [[doctor.token, 'The swab came back clear.'], [patient.token, 'Thank you, doctor!']]) {
    assert.equal((await api.post(`/api/v1/conversations/${conv.json.id}/messages`, { text }, { token })).status, 201);
  }
  await giveConsent(api, patient.token, 'share', doctor.id);
  await giveConsent(api, patient.token, 'sensors');
  await withdrawConsent(api, patient.token, 'sensors');
  assert.equal((await api.get(`/api/v1/appointments/${first.id}/note`, { token: patient.token })).status, 200);
  res = await api.get('/api/v1/me/export', { token: patient.token });
  bundle = res.json;
});

after(async () => server.stop());

describe('the patient\'s export', () => {
  test('is a FHIR R4 Bundle the FHIR JSON schema accepts, offered as a file', async () => {
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers['content-type'], /^application\/fhir\+json/);
    assert.match(res.headers['content-disposition'], /^attachment; filename="telemed-export-\d{4}-\d\d-\d\d\.json"$/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(bundle.resourceType, 'Bundle');
    assert.equal(bundle.type, 'collection');
    assert.deepEqual(validator.validate(bundle), [], 'the whole bundle is valid FHIR R4');
    const urls = bundle.entry.map((e) => e.fullUrl);
    assert.equal(new Set(urls).size, urls.length, 'every entry has its own fullUrl');
    for (const e of bundle.entry) assert.equal(e.fullUrl, `${server.url}/fhir/${e.resource.resourceType}/${e.resource.id}`);
  });

  test('holds the patient, the doctor, the appointments and their intake', async () => {
    const [me] = ofType('Patient');
    assert.equal(me.id, patient.id);
    assert.equal(me.name[0].text, 'Pat Portable');
    assert.deepEqual(ofType('Practitioner').map((p) => [p.id, p.name[0].text]), [[doctor.id, 'Dr Erin Export']]);
    assert.deepEqual(ofType('Appointment').map((a) => a.id).sort(), [appointments[0].id, appointments[1].id].sort());
    assert.equal(ofType('Encounter').length, 2);
    const first = ofType('Appointment').find((a) => a.id === appointments[0].id);
    assert.equal(first.reasonCode[0].text, 'Itchy rash on the forearm');
    const qr = ofType('QuestionnaireResponse').find((r) => r.id === appointments[0].id);
    const answer = (id) => qr.item.find((i) => i.linkId === id).answer[0];
    assert.deepEqual(answer('symptoms'), { valueString: 'rash' });
    assert.deepEqual(answer('fever'), { valueBoolean: false });
    assert.deepEqual(answer('temp'), { valueDecimal: 36.8 });
  });

  test('holds the signed note with its amendment and code, the prescription and the messages', async () => {
    const docs = ofType('DocumentReference');
    assert.equal(docs.length, 1, 'the signed note only, not the draft');
    assert.equal(docs[0].docStatus, 'amended');
    const text = decoded(docs[0]);
    assert.match(text, /Erythematous rash, left forearm/);
    assert.match(text, /Amendment \(.*Dr Erin Export\):\nPatch test booked/);
    assert.deepEqual(ofType('Condition').map((c) => c.code.coding[0].code), ['L25.9']);
    const [mr] = ofType('MedicationRequest');
    assert.equal(mr.id, prescription.id);
    assert.equal(mr.medicationCodeableConcept.text, 'Hydrocortisone 1% cream');
    assert.equal(mr.dispenseRequest.numberOfRepeatsAllowed, 2);
    assert.equal(mr.status, 'active');
    assert.deepEqual(ofType('Communication').map((c) => [c.sender.reference, c.payload[0].contentString]), [
      [`Practitioner/${doctor.id}`, 'The swab came back clear.'], [`Patient/${patient.id}`, 'Thank you, doctor!']]);
  });

  test('holds every consent record, the superseded ones inactive, and the audit events about the patient', async () => {
    const consents = ofType('Consent');
    assert.equal(consents.length, 3);
    const sensors = consents.filter((c) => c.provision.purpose[0].code === 'sensors');
    assert.deepEqual(sensors.map((c) => [c.status, c.provision.type]).sort(), [['inactive', 'deny'], ['inactive', 'permit']]);
    const share = consents.find((c) => c.provision.purpose[0].code === 'share');
    assert.equal(share.status, 'active');
    assert.equal(share.provision.actor[0].reference.reference, `Practitioner/${doctor.id}`);
    const actions = ofType('AuditEvent').map((e) => e.subtype[0].code);
    for (const a of ['consent.give', 'consent.withdraw', 'note.view']) assert.ok(actions.includes(a), a);
  });

  test('leaves out drafts and everything of other patients', async () => {
    const text = JSON.stringify(bundle);
    for (const secret of ['DRAFT ONLY', 'Olga', 'olga only', other.id, appointments[2].id]) assert.ok(!text.includes(secret), secret);
  });

  test('is the patient\'s alone, and audited', async () => {
    assertError(await api.get('/api/v1/me/export', { token: doctor.token }), 403, 'forbidden');
    assertError(await api.get('/api/v1/me/export', { token: admin }), 403, 'forbidden');
    assertError(await api.get('/api/v1/me/export'), 401, 'unauthenticated');
    const events = (await api.auditEvents(admin)).filter((e) => e.action === 'record.export');
    assert.equal(events.length, 1);
    assert.equal(events[0].subject_id, patient.id);
    assert.equal(events[0].actor_id, patient.id);
    assert.equal(events[0].detail.resources, bundle.entry.length);
  });
});
