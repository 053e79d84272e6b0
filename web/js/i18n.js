// i18n.js — the words of the interface in English and Portuguese, and the
// chosen language (remembered on this device; the page's lang follows it).
const strings = {
  en: {
    app: 'telemed', tagline: 'Your doctor, by secure video.',
    login: 'Log in', register: 'Register', username: 'Username', password: 'Password',
    full_name: 'Full name', email: 'E-mail', role: 'I am a', patient: 'Patient', doctor: 'Doctor',
    admin: 'Administrator', password_hint: '10 to 128 characters',
    create_account: 'Create account', logging_in: 'Logging in…',
    welcome: 'Welcome, {name}', logout: 'Log out', profile: 'Profile', home: 'Home',
    skip: 'Skip to content', language: 'Language', menu: 'Main menu',
    pending_title: 'Your doctor account awaits verification',
    pending_text: 'An administrator of the clinic checks every doctor before they can practise. You will be listed once verified.',
    home_patient: 'Find a doctor, book a time and meet them by video — all from this page as the clinic switches each part on.',
    home_doctor: 'Your schedule, waiting room and messages will appear here.',
    home_admin: 'Verify doctors who registered and review the audit log.',
    users: 'Users', audit: 'Audit', doctors: 'Doctors', bookings: 'Bookings', consultation: 'Consultation',
    messages: 'Messages', record: 'Record', schedule: 'Schedule', waiting_room: 'Waiting room', patients: 'Patients',
    your_details: 'Your details', save: 'Save', saved: 'Saved.',
    change_password: 'Change password', current_password: 'Current password', new_password: 'New password',
    password_changed: 'Password changed. Your other sessions were ended.',
    sessions: 'Your sessions', sessions_text: 'Devices where you are logged in. Revoke any you do not recognise.',
    this_device: 'this device', revoke: 'Revoke', revoked: 'Session revoked.',
    started: 'Started', last_used: 'Last used', from: 'From',
    pending_doctors: 'Doctors awaiting verification', none_pending: 'No doctor is waiting for verification.',
    verify: 'Verify', verified: '{name} is verified.', registered: 'Registered',
    audit_log: 'Audit log', when: 'When', who: 'Who', action: 'Action', subject: 'Subject', address: 'Address',
    more: 'Show more', offline: 'You are offline. The app still opens; changes need a connection.',
    error: 'Something went wrong.', not_found: 'This page does not exist.',
    search_doctors: 'Find a doctor', search_hint: 'A name, a specialty or what troubles you: flu, rash, anxiety…',
    search: 'Search', specialty: 'Specialty', any: 'Any', city: 'City', language_filter: 'Language', sort: 'Sort by',
    sort_rating: 'Rating', sort_experience: 'Experience', sort_next: 'Next available', sort_name: 'Name',
    no_doctors: 'No doctor matches. Try fewer words or filters.', next_free: 'Next free: {when}', no_free: 'No free time in the next two weeks',
    years: '{n} years of experience', view_profile: 'See profile and book', languages_label: 'Languages',
    prev_week: 'Previous week', next_week: 'Next week', week_of: 'Week of {date}', no_slots: 'No hours this week.',
    book_title: 'Book {when}', booking_subject: 'Subject', description: 'Description (optional)', start: 'Start', end: 'End',
    confirm_booking: 'Book', cancel_action: 'Cancel', booked_ok: 'Booked: {when} with {name}.',
    upcoming: 'Upcoming', past: 'Past', no_bookings: 'Nothing here yet.', with_doctor: 'with {name}',
    cancel_booking: 'Cancel booking', cancelled_ok: 'Cancelled.', status_booked: 'Booked', status_cancelled: 'Cancelled',
    status_fulfilled: 'Done', status_noshow: 'Missed', agenda: 'Agenda', hours: 'Your hours', time_zone: 'Time zone',
    works: 'Works', slot_minutes: 'Slot (minutes)', save_hours: 'Save hours', hours_saved: 'Hours saved.',
    weekday_1: 'Monday', weekday_2: 'Tuesday', weekday_3: 'Wednesday', weekday_4: 'Thursday', weekday_5: 'Friday', weekday_6: 'Saturday', weekday_7: 'Sunday',
    reason: 'Reason', patient_label: 'Patient', add_to_calendar: 'Add to calendar (.ics)',
    session_ended: 'Your session has ended. Please log in again.', loading_failed: 'Could not load this list.',
    verify_label: 'Verify {name}',
    err_offline: 'No connection to the server. Try again when you are online.',
    err_too_many_wait: 'Too many attempts. Try again in {min} min.',
    err_wrong_current_password: 'The current password is wrong.',
    notifications: 'Notifications', notifications_unread: 'Notifications ({n} unread)', loading: 'Loading…',
    notif_none: 'No notifications yet.', notif_allow: 'Also show them when this page is in the background',
    notif_appointment_booked: '{name} booked a consultation for {when}',
    notif_appointment_cancelled: '{name} cancelled the consultation of {when}',
    notif_appointment_rescheduled: '{name} moved a consultation to {when}',
    notif_appointment_reminder_day: 'Tomorrow: consultation with {name}, {when}',
    notif_appointment_reminder_soon: 'In a few minutes: consultation with {name}, {when}',
    call_joining: 'Entering the consultation…', call_waiting: 'Waiting for {name}…',
    call_acknowledged: '{name} knows you are here and will start the video.',
    call_patient_here: '{name} is in the waiting room.', call_start: 'Start video',
    call_offered: '{name} is calling you.', call_accept: 'Accept', call_decline: 'Decline',
    call_connecting: 'Connecting…', call_connected: 'In consultation with {name}', call_ended: 'The call has ended.',
    call_idle: '', call_mic_off: 'Mute microphone', call_mic_on: 'Unmute microphone',
    call_cam_off: 'Turn camera off', call_cam_on: 'Turn camera on', call_hang_up: 'Hang up',
    call_remote_video: 'Video of {name}', call_own_video: 'Your own video',
    call_no_devices: 'The camera or microphone could not be used. Allow them in the browser and reload.',
    yes: 'Yes', no: 'No', intake: 'Intake', intake_questions: 'Before the consultation',
    intake_questionnaire: 'Intake questionnaire', question_n: 'Question {n}', question_text: 'Question',
    question_kind: 'Answer', kind_string: 'Text', kind_choice: 'Choice', kind_boolean: 'Yes or no', kind_decimal: 'Number',
    question_options: 'Options', question_options_hint: 'One per line, 2 to 10.', question_min: 'Lowest', question_max: 'Highest',
    question_required: 'Required', move_up: 'Up', move_down: 'Down', remove: 'Remove',
    move_up_n: 'Move question {n} up', move_down_n: 'Move question {n} down', remove_n: 'Remove question {n}',
    add_question: 'Add question', save_questionnaire: 'Save questionnaire', questionnaire_saved: 'Questionnaire saved (version {version}).',
    questionnaire_version: 'Version {version}. Saving makes a new version; answers already given keep their questions.',
    questionnaire_uses_clinic: "Patients answer the clinic's questionnaire until you save your own.",
    questionnaire_none: 'No questions yet.',
    clinic_intake_text: 'Asked when booking a doctor who has no questionnaire of their own, and with every drop-in request.',
    dropin: 'Drop-in', dropin_ask: 'See the next available doctor', dropin_text: 'Wait in line for the first doctor of a specialty who is free now.',
    dropin_reason: 'What troubles you?', mode: 'Consultation', mode_video: 'Video', mode_in_person: 'In person',
    dropin_join: 'Join the queue', dropin_joined: 'You are in the queue.', dropin_left: 'You left the queue.',
    dropin_waiting: 'Waiting for a doctor of {specialty}', dropin_place: 'You are number {n} in line.',
    dropin_wait: 'Rough wait: about {n} min.', dropin_nobody_on_duty: 'No doctor is on duty right now; you keep your place.',
    dropin_since: 'waiting since {time}', dropin_leave: 'Leave the queue',
    dropin_taken: '{name} will see you now. Your consultation is under', dropin_queue: 'Drop-in queue',
    dropin_queue_of: 'Drop-in queue: {specialty}', dropin_on_duty: 'On duty', dropin_on_duty_now: 'You are on duty.',
    dropin_off_duty_now: 'You are off duty.', dropin_waiting_count: '{n} waiting', dropin_take: 'Take next patient',
    dropin_took: '{name} is in your agenda now.', dropin_number: 'No. {n}',
    dropin_off_duty_text: 'Go on duty to see who is waiting and take the next patient.',
    dropin_next: 'You are next: a doctor on duty will take you soon.',
    reschedule: 'Reschedule', reschedule_title: 'Move the booking of {when}', reschedule_hint: 'Pick another free time with {name}.',
    new_time: 'New time: {when}', move_booking: 'Move booking', moved_ok: 'Moved to {when}.',
    start_consultation: 'Start', opens_at: 'Opens at {time}', opens_on: 'Opens {when}',
    your_rating: 'Rate your consultation with {name}', stars: '{n} of 5 stars', review_comment: 'Comment (optional)',
    send_review: 'Send review', review_thanks: 'Thank you for your review.', reviewed: 'You reviewed this consultation.',
    window_text: 'You can join from {opens} to {closes}.',
    window_early: 'This consultation has not opened yet.', window_over: 'This consultation is over.',
    calendar_feed: 'Calendar subscription', feed_text: 'Subscribe in your calendar app to see your appointments there. The link is private: it shows times and names, never reasons.',
    feed_url: 'Your calendar link', copy: 'Copy link', copied: 'Link copied.', open_in_calendar: 'Open in calendar app',
    feed_active: 'A calendar link is active since {when}. It is shown only once: make a new one to see it again (the old one stops working).',
    subscribe_calendar: 'Subscribe to calendar', feed_new: 'Make a new link', feed_revoke: 'Revoke link',
    feed_made: 'Calendar link made.', feed_revoked: 'Calendar link revoked.',
    your_photo: 'Your photo', choose_photo: 'Upload a photo', photo_hint: 'JPEG, PNG or WebP, up to 2 MB',
    photo_too_large: 'The photo is larger than 2 MB.', photo_saved: 'Photo saved.', photo_removed: 'Photo removed.', remove_photo: 'Remove photo',
  },
  pt: {
    app: 'telemed', tagline: 'O seu médico, por vídeo seguro.',
    login: 'Entrar', register: 'Registar', username: 'Nome de utilizador', password: 'Palavra-passe',
    full_name: 'Nome completo', email: 'E-mail', role: 'Sou', patient: 'Doente', doctor: 'Médico',
    admin: 'Administrador', password_hint: '10 a 128 caracteres',
    create_account: 'Criar conta', logging_in: 'A entrar…',
    welcome: 'Bem-vindo, {name}', logout: 'Sair', profile: 'Perfil', home: 'Início',
    skip: 'Saltar para o conteúdo', language: 'Idioma', menu: 'Menu principal',
    pending_title: 'A sua conta de médico aguarda verificação',
    pending_text: 'Um administrador da clínica verifica cada médico antes de poder exercer. Será listado depois de verificado.',
    home_patient: 'Encontre um médico, marque uma hora e fale com ele por vídeo — tudo a partir desta página, à medida que a clínica ativa cada parte.',
    home_doctor: 'A sua agenda, sala de espera e mensagens aparecerão aqui.',
    home_admin: 'Verifique os médicos que se registaram e consulte o registo de auditoria.',
    users: 'Utilizadores', audit: 'Auditoria', doctors: 'Médicos', bookings: 'Marcações', consultation: 'Consulta',
    messages: 'Mensagens', record: 'Registo clínico', schedule: 'Agenda', waiting_room: 'Sala de espera', patients: 'Doentes',
    your_details: 'Os seus dados', save: 'Guardar', saved: 'Guardado.',
    change_password: 'Mudar palavra-passe', current_password: 'Palavra-passe atual', new_password: 'Nova palavra-passe',
    password_changed: 'Palavra-passe alterada. As suas outras sessões foram terminadas.',
    sessions: 'As suas sessões', sessions_text: 'Dispositivos onde tem sessão iniciada. Revogue as que não reconhecer.',
    this_device: 'este dispositivo', revoke: 'Revogar', revoked: 'Sessão revogada.',
    started: 'Início', last_used: 'Último uso', from: 'De',
    pending_doctors: 'Médicos a aguardar verificação', none_pending: 'Nenhum médico aguarda verificação.',
    verify: 'Verificar', verified: '{name} está verificado.', registered: 'Registado',
    audit_log: 'Registo de auditoria', when: 'Quando', who: 'Quem', action: 'Ação', subject: 'Sujeito', address: 'Endereço',
    more: 'Mostrar mais', offline: 'Está sem ligação. A aplicação abre na mesma; alterações precisam de ligação.',
    error: 'Algo correu mal.', not_found: 'Esta página não existe.',
    search_doctors: 'Encontrar um médico', search_hint: 'Um nome, uma especialidade ou o que sente: gripe, erupção, ansiedade…',
    search: 'Pesquisar', specialty: 'Especialidade', any: 'Qualquer', city: 'Cidade', language_filter: 'Língua', sort: 'Ordenar por',
    sort_rating: 'Avaliação', sort_experience: 'Experiência', sort_next: 'Primeira vaga', sort_name: 'Nome',
    no_doctors: 'Nenhum médico corresponde. Tente menos palavras ou filtros.', next_free: 'Próxima vaga: {when}', no_free: 'Sem vagas nas próximas duas semanas',
    years: '{n} anos de experiência', view_profile: 'Ver perfil e marcar', languages_label: 'Línguas',
    prev_week: 'Semana anterior', next_week: 'Semana seguinte', week_of: 'Semana de {date}', no_slots: 'Sem horário nesta semana.',
    book_title: 'Marcar {when}', booking_subject: 'Assunto', description: 'Descrição (opcional)', start: 'Início', end: 'Fim',
    confirm_booking: 'Marcar', cancel_action: 'Cancelar', booked_ok: 'Marcado: {when} com {name}.',
    upcoming: 'Próximas', past: 'Anteriores', no_bookings: 'Ainda nada aqui.', with_doctor: 'com {name}',
    cancel_booking: 'Cancelar marcação', cancelled_ok: 'Cancelada.', status_booked: 'Marcada', status_cancelled: 'Cancelada',
    status_fulfilled: 'Realizada', status_noshow: 'Falta', agenda: 'Agenda', hours: 'O seu horário', time_zone: 'Fuso horário',
    works: 'Trabalha', slot_minutes: 'Duração (minutos)', save_hours: 'Guardar horário', hours_saved: 'Horário guardado.',
    weekday_1: 'Segunda', weekday_2: 'Terça', weekday_3: 'Quarta', weekday_4: 'Quinta', weekday_5: 'Sexta', weekday_6: 'Sábado', weekday_7: 'Domingo',
    reason: 'Motivo', patient_label: 'Doente', add_to_calendar: 'Adicionar ao calendário (.ics)',
    session_ended: 'A sua sessão terminou. Entre de novo.', loading_failed: 'Não foi possível carregar esta lista.',
    verify_label: 'Verificar {name}',
    err_offline: 'Sem ligação ao servidor. Tente de novo quando estiver online.',
    err_too_many_wait: 'Demasiadas tentativas. Tente de novo dentro de {min} min.',
    err_wrong_current_password: 'A palavra-passe atual está errada.',
    err_invalid_credentials: 'Nome de utilizador ou palavra-passe errados.',
    err_username_taken: 'Esse nome de utilizador já existe.',
    err_weak_password: 'A palavra-passe tem de ter 10 a 128 caracteres.',
    err_invalid_value: 'Um dos campos tem um valor inválido.',
    err_too_many_attempts: 'Demasiadas tentativas; tente mais tarde.',
    err_unauthenticated: 'Entre primeiro.',
    err_forbidden: 'Não tem permissão para isto.',
    err_not_found: 'Não encontrado.',
    notifications: 'Notificações', notifications_unread: 'Notificações ({n} por ler)', loading: 'A carregar…',
    notif_none: 'Ainda sem notificações.', notif_allow: 'Mostrar também quando esta página está em segundo plano',
    notif_appointment_booked: '{name} marcou uma consulta para {when}',
    notif_appointment_cancelled: '{name} cancelou a consulta de {when}',
    notif_appointment_rescheduled: '{name} mudou uma consulta para {when}',
    notif_appointment_reminder_day: 'Amanhã: consulta com {name}, {when}',
    notif_appointment_reminder_soon: 'Daqui a minutos: consulta com {name}, {when}',
    call_joining: 'A entrar na consulta…', call_waiting: 'À espera de {name}…',
    call_acknowledged: '{name} sabe que está aqui e vai iniciar o vídeo.',
    call_patient_here: '{name} está na sala de espera.', call_start: 'Iniciar vídeo',
    call_offered: '{name} está a ligar-lhe.', call_accept: 'Aceitar', call_decline: 'Recusar',
    call_connecting: 'A ligar…', call_connected: 'Em consulta com {name}', call_ended: 'A chamada terminou.',
    call_idle: '', call_mic_off: 'Silenciar microfone', call_mic_on: 'Ligar microfone',
    call_cam_off: 'Desligar câmara', call_cam_on: 'Ligar câmara', call_hang_up: 'Desligar',
    call_remote_video: 'Vídeo de {name}', call_own_video: 'O seu vídeo',
    call_no_devices: 'Não foi possível usar a câmara ou o microfone. Autorize-os no navegador e recarregue.',
    yes: 'Sim', no: 'Não', intake: 'Triagem', intake_questions: 'Antes da consulta',
    intake_questionnaire: 'Questionário de triagem', question_n: 'Pergunta {n}', question_text: 'Pergunta',
    question_kind: 'Resposta', kind_string: 'Texto', kind_choice: 'Escolha', kind_boolean: 'Sim ou não', kind_decimal: 'Número',
    question_options: 'Opções', question_options_hint: 'Uma por linha, 2 a 10.', question_min: 'Mínimo', question_max: 'Máximo',
    question_required: 'Obrigatória', move_up: 'Subir', move_down: 'Descer', remove: 'Remover',
    move_up_n: 'Subir a pergunta {n}', move_down_n: 'Descer a pergunta {n}', remove_n: 'Remover a pergunta {n}',
    add_question: 'Adicionar pergunta', save_questionnaire: 'Guardar questionário', questionnaire_saved: 'Questionário guardado (versão {version}).',
    questionnaire_version: 'Versão {version}. Guardar cria uma nova versão; as respostas já dadas mantêm as suas perguntas.',
    questionnaire_uses_clinic: 'Os doentes respondem ao questionário da clínica até guardar o seu.',
    questionnaire_none: 'Ainda sem perguntas.',
    clinic_intake_text: 'Perguntado ao marcar um médico sem questionário próprio e em cada pedido de atendimento imediato.',
    dropin: 'Atendimento imediato', dropin_ask: 'Ver o próximo médico disponível', dropin_text: 'Aguarde pelo primeiro médico de uma especialidade que fique livre.',
    dropin_reason: 'O que sente?', mode: 'Consulta', mode_video: 'Vídeo', mode_in_person: 'Presencial',
    dropin_join: 'Entrar na fila', dropin_joined: 'Está na fila.', dropin_left: 'Saiu da fila.',
    dropin_waiting: 'À espera de um médico de {specialty}', dropin_place: 'É o número {n} na fila.',
    dropin_wait: 'Espera aproximada: cerca de {n} min.', dropin_nobody_on_duty: 'Nenhum médico está de serviço agora; mantém o seu lugar.',
    dropin_since: 'à espera desde {time}', dropin_leave: 'Sair da fila',
    dropin_taken: '{name} vai atendê-lo agora. A sua consulta está em', dropin_queue: 'Fila de atendimento imediato',
    dropin_queue_of: 'Fila de atendimento imediato: {specialty}', dropin_on_duty: 'De serviço', dropin_on_duty_now: 'Está de serviço.',
    dropin_off_duty_now: 'Saiu de serviço.', dropin_waiting_count: '{n} à espera', dropin_take: 'Atender o próximo doente',
    dropin_took: '{name} está agora na sua agenda.', dropin_number: 'N.º {n}',
    dropin_off_duty_text: 'Entre de serviço para ver quem espera e atender o próximo doente.',
    dropin_next: 'É o próximo: um médico de serviço vai atendê-lo em breve.',
    reschedule: 'Remarcar', reschedule_title: 'Mudar a marcação de {when}', reschedule_hint: 'Escolha outra hora livre com {name}.',
    new_time: 'Nova hora: {when}', move_booking: 'Mudar marcação', moved_ok: 'Mudada para {when}.',
    start_consultation: 'Iniciar', opens_at: 'Abre às {time}', opens_on: 'Abre {when}',
    your_rating: 'Avalie a sua consulta com {name}', stars: '{n} de 5 estrelas', review_comment: 'Comentário (opcional)',
    send_review: 'Enviar avaliação', review_thanks: 'Obrigado pela sua avaliação.', reviewed: 'Avaliou esta consulta.',
    window_text: 'Pode entrar das {opens} às {closes}.',
    window_early: 'Esta consulta ainda não abriu.', window_over: 'Esta consulta já terminou.',
    calendar_feed: 'Subscrição de calendário', feed_text: 'Subscreva na sua aplicação de calendário para ver lá as suas consultas. A ligação é privada: mostra horas e nomes, nunca motivos.',
    feed_url: 'A sua ligação de calendário', copy: 'Copiar ligação', copied: 'Ligação copiada.', open_in_calendar: 'Abrir na aplicação de calendário',
    feed_active: 'Há uma ligação de calendário ativa desde {when}. Só é mostrada uma vez: crie uma nova para a ver de novo (a antiga deixa de funcionar).',
    subscribe_calendar: 'Subscrever calendário', feed_new: 'Criar nova ligação', feed_revoke: 'Revogar ligação',
    feed_made: 'Ligação de calendário criada.', feed_revoked: 'Ligação de calendário revogada.',
    your_photo: 'A sua fotografia', choose_photo: 'Carregar uma fotografia', photo_hint: 'JPEG, PNG ou WebP, até 2 MB',
    photo_too_large: 'A fotografia tem mais de 2 MB.', photo_saved: 'Fotografia guardada.', photo_removed: 'Fotografia removida.', remove_photo: 'Remover fotografia',
    err_unsupported_image: 'A fotografia tem de ser uma imagem JPEG, PNG ou WebP.',
    err_body_too_large: 'O ficheiro é demasiado grande.',
    err_slot_taken: 'Essa hora acabou de ser marcada.',
    err_slot_in_past: 'Essa hora já passou.',
  },
};

export const languages = [['en', 'English'], ['pt', 'Português']];
let current = localStorage.getItem('telemed.lang') || (navigator.language || 'en').slice(0, 2);
if (!strings[current]) current = 'en';
document.documentElement.lang = current;

export function lang() {
  return current;
}

export function setLang(code) {
  if (!strings[code]) return;
  current = code;
  localStorage.setItem('telemed.lang', code);
  document.documentElement.lang = code;
}

export function t(key, vars = {}) {
  const text = strings[current][key] ?? strings.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? '');
}

// The words for an API error: the server's own message in English, this
// language's words for the codes we know elsewhere, and a wait for 429s.
export function errorText(code, serverMessage, retryAfter) {
  if (code === 'too_many_attempts' && retryAfter) {
    return t('err_too_many_wait', { min: Math.max(1, Math.ceil(retryAfter / 60)) });
  }
  const local = strings[current]['err_' + code];
  if (current !== 'en' && local) return local;
  return serverMessage || local || strings.en['err_' + code] || t('error');
}

export function day(iso) {
  return new Date(iso).toLocaleDateString(current, { weekday: 'short', day: 'numeric', month: 'short' });
}

export function clock(iso) {
  return new Date(iso).toLocaleTimeString(current, { hour: '2-digit', minute: '2-digit' });
}

export function when(iso) {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(current, { dateStyle: 'medium', timeStyle: 'short' });
}
