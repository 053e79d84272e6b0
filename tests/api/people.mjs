// people.mjs — the accounts a test needs beyond a patient: an administrator
// made on the command line, and doctors that administrator verified.
import assert from 'node:assert/strict';
import { telemed } from '../support/server.mjs';
import { newUser } from './client.mjs';

// Adds the administrator "boss" to the server's store; returns their token.
export async function addAdmin(server, api) {
  const add = telemed(['user', 'add', '--data', server.dataDir, '--role', 'admin', '--username', 'boss', '--log-level', 'warn'],
    { input: 'the boss password\n' });
  assert.equal(add.code, 0, add.stderr);
  return (await api.login('boss', 'the boss password')).json.token;
}

// A doctor registered and verified by the admin: { id, token, user }.
export async function verifiedDoctor(api, adminToken, extra = {}) {
  const user = newUser({ role: 'doctor', ...extra });
  const id = (await api.register(user)).json.user.id;
  assert.equal((await api.post(`/api/v1/admin/users/${id}/verify`, undefined, { token: adminToken })).status, 200);
  return { id, user, token: (await api.login(user.username, user.password)).json.token };
}

// A patient registered and logged in: { id, token }.
export async function patientSession(api, extra = {}) {
  const token = await api.session(newUser(extra));
  return { token, id: (await api.get('/api/v1/me', { token })).json.user.id };
}
