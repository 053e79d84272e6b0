// app.js — starts the client: asks the server who is logged in, shows the
// login screen or the role's pages, routes with the History API, and
// registers the service worker that keeps the shell usable offline.
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './js/html.js';
import { api, onSessionLost } from './js/api.js';
import { setLang, t } from './js/i18n.js';
import { Layout } from './js/layout.js';
import { AuthPage } from './js/pages/auth.js';
import { HomePage } from './js/pages/home.js';
import { ProfilePage } from './js/pages/profile.js';
import { AdminUsersPage } from './js/pages/admin_users.js';
import { AdminAuditPage } from './js/pages/admin_audit.js';
import { DoctorsPage } from './js/pages/doctors.js';
import { DoctorPage } from './js/pages/doctor.js';
import { BookingsPage } from './js/pages/bookings.js';
import { SchedulePage } from './js/pages/schedule.js';
import { NotificationsPage } from './js/pages/notifications.js';
import { onLive, startLive, stopLive } from './js/live.js';
import { followUnread } from './js/notifications.js';
import { DropinPage } from './js/pages/dropin.js';
import { AdminIntakePage } from './js/pages/admin_intake.js';
import { AdminSpecialtiesPage } from './js/pages/admin_specialties.js';
import { AdminRetentionPage } from './js/pages/admin_retention.js';
import { AdminResearchPage } from './js/pages/admin_research.js';
import { ConsultPage } from './js/pages/consult.js';
import { WaitingRoomPage } from './js/pages/waiting_room.js';
import { MessagesPage } from './js/pages/messages.js';
import { ConversationPage } from './js/pages/conversation.js';
import { followMessagesUnread } from './js/messaging.js';
import { RecordPage } from './js/pages/record.js';
import { PatientRecordPage } from './js/pages/patient_record.js';
import { PrescriptionPrintPage } from './js/pages/prescription_print.js';
import { VerifyPage } from './js/pages/verify.js';
import { PrivacyPage } from './js/pages/privacy.js';
import { AdminBreachesPage } from './js/pages/admin_breaches.js';
import { AdminAccountsPage } from './js/pages/admin_accounts.js';
import { BreachBanner } from './js/breach_notices.js';
import { VitalsPage } from './js/pages/vitals.js';
import { AlertsPage } from './js/pages/alerts.js';
import { ConsentPage } from './js/pages/consent.js';

const routes = {
  '/': { page: HomePage },
  '/profile': { page: ProfilePage },
  '/admin/users': { page: AdminUsersPage, role: 'admin' },
  '/admin/audit': { page: AdminAuditPage, role: 'admin' },
  '/doctors': { page: DoctorsPage, role: 'patient' },
  '/bookings': { page: BookingsPage, role: 'patient' },
  '/schedule': { page: SchedulePage, role: 'doctor' },
  '/notifications': { page: NotificationsPage },
  '/dropin': { page: DropinPage, role: ['patient', 'doctor'] },
  '/admin/intake': { page: AdminIntakePage, role: 'admin' },
  '/admin/specialties': { page: AdminSpecialtiesPage, role: 'admin' },
  '/admin/retention': { page: AdminRetentionPage, role: 'admin' },
  '/admin/research': { page: AdminResearchPage, role: 'admin' },
  '/waiting-room': { page: WaitingRoomPage, role: 'doctor' },
  '/messages': { page: MessagesPage, role: ['patient', 'doctor'] },
  '/record': { page: RecordPage, role: 'patient' },
  '/privacy': { page: PrivacyPage, role: 'patient' },
  '/admin/breaches': { page: AdminBreachesPage, role: 'admin' },
  '/admin/accounts': { page: AdminAccountsPage, role: 'admin' },
  '/vitals': { page: VitalsPage, role: 'patient' },
  '/alerts': { page: AlertsPage, role: 'doctor' },
};

// "/doctors/<id>" → the profile page with that id; "/consult/<id>" → the
// consultation of that appointment; "/messages/<id>" → that conversation;
// "/messages/new/<patient id>" → the doctor's conversations, that patient
// chosen for a new one; "/record/prescriptions/<id>/print" → that
// prescription on paper; "/patients/<id>/record" → that patient's record,
// for a doctor; "/consent/<purpose>" → that consent of the patient's
function resolve(route) {
  const record = route.match(/^\/patients\/([0-9a-f-]{36})\/record$/);
  if (record) return { page: PatientRecordPage, role: 'doctor', id: record[1] };
  const consent = route.match(/^\/consent\/(sensors|research|transfer|call_records|recording)$/);
  if (consent) return { page: ConsentPage, role: 'patient', id: consent[1] };
  const conversation = route.match(/^\/messages\/([0-9a-f-]{36})$/);
  if (conversation) return { page: ConversationPage, role: ['patient', 'doctor'], id: conversation[1] };
  const writeTo = route.match(/^\/messages\/new\/([0-9a-f-]{36})$/);
  if (writeTo) return { page: MessagesPage, role: 'doctor', id: writeTo[1] };
  const rx = route.match(/^\/record\/prescriptions\/([0-9a-f-]{36})\/print$/);
  if (rx) return { page: PrescriptionPrintPage, role: ['patient', 'doctor'], id: rx[1] };
  const m = route.match(/^\/doctors\/([0-9a-f-]{36})$/);
  if (m) return { page: DoctorPage, role: 'patient', id: m[1] };
  const c = route.match(/^\/consult\/([0-9a-f-]{36})$/);
  if (c) return { page: ConsultPage, id: c[1] };
  return routes[route];
}

function NotFound() {
  return html`<section><h1>${t('not_found')}</h1></section>`;
}

// "/verify/<code>": the pharmacist's page, public (no login, no frame)
function verifyCode(route) {
  const m = route.match(/^\/verify\/([^/]{1,200})$/);
  if (!m) return null;
  try { return decodeURIComponent(m[1]); } catch { return null; }
}

function App() {
  const [user, setUser] = useState(undefined); // undefined: still asking
  const [offline, setOffline] = useState(false);
  const [route, setRoute] = useState(location.pathname);
  const [status, setStatus] = useState('');
  const [notice, setNotice] = useState(''); // shown on the login screen
  const [, setLangTick] = useState(0);
  const [unread, setUnread] = useState(0);
  const [messagesUnread, setMessagesUnread] = useState(0);
  const signedIn = useRef(false);
  signedIn.current = Boolean(user);
  const moved = useRef(false); // focus the new page's main once it is drawn
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    const main = document.getElementById('main');
    if (main) main.focus();
  }, [route, user]);

  useEffect(() => {
    api('GET', '/me')
      .then((out) => setUser(out.user))
      .catch((err) => {
        if (err.code === 'offline') setOffline(true);
        setUser(null);
      });
    const onPop = () => setRoute(location.pathname);
    addEventListener('popstate', onPop);
    const off = onSessionLost(() => {
      if (signedIn.current) setNotice('session_ended');
      setUser(null);
    });
    // an administrator locked this account: its sessions are over
    const offLocked = onLive('ACCOUNT_LOCKED', () => {
      setNotice('err_account_locked');
      setUser(null);
    });
    const offUnread = followUnread(setUnread);
    const offMessages = followMessagesUnread(setMessagesUnread);
    return () => { removeEventListener('popstate', onPop); off(); offLocked(); offUnread(); offMessages(); };
  }, []);
  // the live channel runs while someone is signed in
  useEffect(() => {
    if (user) startLive();
    else stopLive();
  }, [Boolean(user)]);

  const go = (path) => {
    history.pushState(null, '', path);
    setRoute(path);
    setStatus('');
    moved.current = true;
  };
  const changeLang = (code) => { setLang(code); setLangTick((n) => n + 1); };
  const logout = async () => {
    try { await api('POST', '/auth/logout'); } catch { /* the session is gone either way */ }
    setUser(null);
    go('/');
  };

  const code = verifyCode(route);
  if (code) return html`<${VerifyPage} code=${code} />`;
  if (user === undefined) return html`<p class="loading">${t('app')}…</p>`;
  if (user === null) {
    return html`${offline && html`<p class="offline" role="status">${t('offline')}</p>`}
      ${notice && html`<p class="notice-bar" role="status">${t(notice)}</p>`}
      <${AuthPage} onLoggedIn=${(u) => { setOffline(false); setNotice(''); setUser(u); go('/'); }} onLang=${changeLang} />`;
  }
  const r = resolve(route);
  const Page = r && (!r.role || [].concat(r.role).includes(user.role)) ? r.page : NotFound;
  return html`<${Layout} user=${user} route=${route} go=${go} onLogout=${logout} onLang=${changeLang} status=${status} unread=${unread} badges=${{ messages: messagesUnread }}>
    <${BreachBanner} key=${user.id} announce=${setStatus} />
    <${Page} user=${user} go=${go} onUser=${setUser} announce=${setStatus} id=${r && r.id} onRead=${setUnread} messagesUnread=${messagesUnread}
      onSignedOut=${(why) => { setNotice(why); setUser(null); go('/'); }} />
  <//>`;
}

render(html`<${App} />`, document.getElementById('app'));

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => { /* the app works without it */ });
}
