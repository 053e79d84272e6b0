// nav.js — the navigation of each role. Items of capabilities that are not
// built yet stay in the table with enabled: false and are not shown: the
// shell never shows a feature that does not work.
export const navigation = {
  patient: [
    { path: '/doctors', label: 'doctors', enabled: true },
    { path: '/bookings', label: 'bookings', enabled: true },
    { path: '/dropin', label: 'dropin', enabled: true },
    { path: '/consultation', label: 'consultation', enabled: false },
    { path: '/messages', label: 'messages', enabled: true },
    { path: '/record', label: 'record', enabled: true },
    { path: '/privacy', label: 'privacy', enabled: true },
    { path: '/vitals', label: 'vitals', enabled: true },
  ],
  doctor: [
    { path: '/schedule', label: 'schedule', enabled: true },
    { path: '/dropin', label: 'dropin', enabled: true },
    { path: '/waiting-room', label: 'waiting_room', enabled: true },
    { path: '/messages', label: 'messages', enabled: true },
    { path: '/alerts', label: 'alerts', enabled: true },
    { path: '/patients', label: 'patients', enabled: false },
  ],
  admin: [
    { path: '/admin/users', label: 'users', enabled: true },
    { path: '/admin/accounts', label: 'accounts', enabled: true },
    { path: '/admin/audit', label: 'audit', enabled: true },
    { path: '/admin/intake', label: 'intake', enabled: true },
    { path: '/admin/specialties', label: 'specialties', enabled: true },
    { path: '/admin/retention', label: 'retention', enabled: true },
    { path: '/admin/research', label: 'research', enabled: true },
    { path: '/admin/breaches', label: 'breaches', enabled: true },
  ],
};

export function itemsFor(role) {
  return (navigation[role] || []).filter((item) => item.enabled);
}
