/* health.c — GET /api/v1/health: is the server up, and which version.
 * Worker threads. */
#include "handlers.h"
#include "../core/version.h"

void health_get_handler(struct api_env *env, struct api_request *req,
			struct api_response *res)
{
	(void)env;
	(void)req;
	api_reply_json(res, 200,
		       json_pack("{s:s,s:s}", "status", "ok", "version",
				 TELEMED_VERSION));
}
