/* handlers.h — every REST handler the route table (router.c) points at.
 * Each runs on a worker thread with the signature api_handler_fn. */
#ifndef TELEMED_HANDLERS_H
#define TELEMED_HANDLERS_H
#include "api.h"

/* Entries in a table (field tables of request bodies). */
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define HANDLER(name)                                                        \
	void name(struct api_env *env, struct api_request *req,              \
		  struct api_response *res)

HANDLER(health_get_handler);
HANDLER(auth_register_handler);
HANDLER(auth_login_handler);
HANDLER(auth_logout_handler);
HANDLER(me_get_handler);
HANDLER(me_update_handler);
HANDLER(me_password_handler);
HANDLER(me_sessions_list_handler);
HANDLER(me_session_revoke_handler);
HANDLER(consent_texts_handler);
HANDLER(consents_list_handler);
HANDLER(consent_change_handler);
HANDLER(me_export_handler);
HANDLER(admin_users_list_handler);
HANDLER(admin_user_verify_handler);
HANDLER(admin_audit_list_handler);
HANDLER(doctors_search_handler);
HANDLER(doctor_get_handler);
HANDLER(doctor_update_handler);
HANDLER(specialties_list_handler);
HANDLER(doctor_hours_put_handler);
HANDLER(doctor_hours_get_handler);
HANDLER(doctor_slots_handler);
HANDLER(appointments_book_handler);
HANDLER(appointments_list_handler);
HANDLER(appointments_get_handler);
HANDLER(appointments_cancel_handler);
HANDLER(appointments_reschedule_handler);
HANDLER(appointments_ics_handler);
HANDLER(appointments_review_handler);
HANDLER(notifications_list_handler);
HANDLER(notifications_read_handler);
HANDLER(consultation_join_handler);
HANDLER(doctor_questionnaire_put_handler);
HANDLER(doctor_questionnaire_get_handler);
HANDLER(clinic_questionnaire_put_handler);
HANDLER(clinic_questionnaire_get_handler);
HANDLER(doctor_duty_put_handler);
HANDLER(dropin_join_handler);
HANDLER(dropin_mine_handler);
HANDLER(dropin_leave_handler);
HANDLER(dropin_queue_handler);
HANDLER(dropin_take_handler);
HANDLER(calendar_feed_status_handler);
HANDLER(calendar_feed_create_handler);
HANDLER(calendar_feed_revoke_handler);
HANDLER(calendar_feed_get_handler);
HANDLER(doctor_photo_get_handler);
HANDLER(doctor_photo_put_handler);
HANDLER(doctor_photo_delete_handler);
HANDLER(consultation_quality_post_handler);
HANDLER(consultation_quality_get_handler);
HANDLER(waiting_room_get_handler);
HANDLER(waiting_room_note_handler);
HANDLER(conversations_start_handler);
HANDLER(conversations_list_handler);
HANDLER(conversation_get_handler);
HANDLER(conversation_delete_handler);
HANDLER(messages_post_handler);
HANDLER(messages_list_handler);
HANDLER(messages_read_handler);
HANDLER(message_attachment_get_handler);
HANDLER(admin_specialty_add_handler);
HANDLER(admin_specialty_rename_handler);
HANDLER(admin_specialty_remove_handler);
HANDLER(note_get_handler);
HANDLER(note_put_handler);
HANDLER(note_sign_handler);
HANDLER(note_amend_handler);
HANDLER(prescriptions_issue_handler);
HANDLER(prescriptions_list_handler);
HANDLER(prescription_get_handler);
HANDLER(prescription_cancel_handler);
HANDLER(verify_get_handler);
HANDLER(verify_dispense_handler);
HANDLER(record_get_handler);
HANDLER(me_observations_post_handler);
HANDLER(me_observations_get_handler);
HANDLER(patient_observations_get_handler);
HANDLER(device_observations_post_handler);
HANDLER(me_devices_post_handler);
HANDLER(me_devices_get_handler);
HANDLER(me_device_delete_handler);
HANDLER(patient_thresholds_get_handler);
HANDLER(patient_thresholds_put_handler);
HANDLER(me_thresholds_get_handler);
HANDLER(alerts_list_handler);
HANDLER(alert_acknowledge_handler);

#endif
