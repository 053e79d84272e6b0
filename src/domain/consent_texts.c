/* consent_texts.c — what a patient agrees to, purpose by purpose, in English
 * and Portuguese. A text that changes in meaning gets a new version: the
 * consents given to the old one stay in history, and a patient gives the
 * new one by reading it (consent_change() refuses an older version). */
#include "consent_int.h"

#include <string.h>

static const struct consent_purpose purposes[] = {
	{"sensors", 1, false,
	 "Use of my body sensors", "Uso dos meus sensores corporais",
	 "I allow telemed to read my vital signs from the sensors I connect (heart rate,"
	 " oxygen saturation, blood pressure, temperature, weight) and from the devices"
	 " I give a token, and to keep them in my health record. I can withdraw this at"
	 " any time; readings stop at once.",
	 "Autorizo a telemed a ler os meus sinais vitais dos sensores que eu ligar"
	 " (frequência cardíaca, saturação de oxigénio, pressão arterial, temperatura,"
	 " peso) e dos dispositivos a que eu der um código, e a guardá-los no meu registo"
	 " de saúde. Posso retirar esta autorização a qualquer momento; as leituras param"
	 " de imediato."},
	{"share", 1, true,
	 "Share my record with a doctor", "Partilhar o meu registo com um médico",
	 "I allow the doctor I name (or every doctor of the clinic) to read my health"
	 " record: notes, prescriptions, files and transcripts saved from calls, and my"
	 " vital signs, live during a consultation too. Every read is logged and shown to"
	 " me. I can withdraw this at any time.",
	 "Autorizo o médico que indicar (ou todos os médicos da clínica) a ler o meu"
	 " registo de saúde: notas, receitas, ficheiros e transcrições guardados das"
	 " chamadas, e os meus sinais vitais, também em direto durante uma consulta. Cada"
	 " leitura fica registada e é-me mostrada. Posso retirar esta autorização a"
	 " qualquer momento."},
	{"research", 1, false,
	 "Research use", "Uso para investigação",
	 "I allow my health data to be used for medical research, only after my name,"
	 " contact data and other direct identifiers are removed, dates are shifted and"
	 " ages and places are generalised. I can withdraw this at any time; later"
	 " research exports leave me out.",
	 "Autorizo o uso dos meus dados de saúde em investigação médica, apenas depois de"
	 " retirados o meu nome, contactos e outros identificadores diretos, deslocadas as"
	 " datas e generalizadas as idades e os locais. Posso retirar esta autorização a"
	 " qualquer momento; as exportações seguintes deixam-me de fora."},
	{"transfer", 1, false,
	 "Transfer to another provider", "Transferência para outro prestador",
	 "I allow the clinic to send my health record to another healthcare provider"
	 " when I ask for it.",
	 "Autorizo a clínica a enviar o meu registo de saúde para outro prestador de"
	 " cuidados de saúde quando eu o pedir."},
	{"call_records", 1, false,
	 "Save call transcripts and files", "Guardar transcrições e ficheiros das chamadas",
	 "I allow the chat transcript, the files and the whiteboard of a consultation to"
	 " be saved to my health record when both the doctor and I agree during the"
	 " call. They are sealed at rest.",
	 "Autorizo que a transcrição da conversa, os ficheiros e o quadro de uma consulta"
	 " sejam guardados no meu registo de saúde quando o médico e eu o aceitarmos"
	 " durante a chamada. São guardados cifrados."},
	{"recording", 1, false,
	 "Recording of consultations", "Gravação das consultas",
	 "I allow my video consultations to be recorded and kept in my health record.",
	 "Autorizo a gravação das minhas consultas por vídeo e a sua conservação no meu"
	 " registo de saúde."},
};

const struct consent_purpose *consent__purpose(const char *name)
{
	for (size_t i = 0; name && i < sizeof(purposes) / sizeof(purposes[0]); i++)
		if (strcmp(purposes[i].name, name) == 0)
			return &purposes[i];
	return NULL;
}

json_t *consent_texts(void)
{
	json_t *list = json_array();
	for (size_t i = 0; i < sizeof(purposes) / sizeof(purposes[0]); i++) {
		const struct consent_purpose *p = &purposes[i];
		json_array_append_new(list, json_pack("{s:s,s:i,s:b,s:{s:s,s:s},s:{s:s,s:s}}",
			"purpose", p->name, "version", p->version, "scoped", p->scoped,
			"title", "en", p->title_en, "pt", p->title_pt,
			"text", "en", p->text_en, "pt", p->text_pt));
	}
	return list;
}
