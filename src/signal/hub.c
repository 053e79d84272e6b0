/* hub.c — the registry of open live connections: a table by connection id
 * and an index by user, both chained hash tables that double as they fill.
 * Event-loop thread only. */
#include "hub.h"
#include "../core/id.h"
#include "../core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hub_conn {
	uint64_t id;
	void *conn;
	struct hub_conn *next_in_bucket;
	struct hub_user *user;           /* NULL until identified */
	struct hub_conn *next_of_user;   /* this user's other connections */
};

struct hub_user {
	char id[ID_LEN + 1];
	struct hub_user *next_in_bucket;
	struct hub_conn *conns;
};

struct hub {
	struct hub_port port;
	struct hub_conn **conns; /* buckets, nconn_buckets of them (a power of 2) */
	size_t nconn_buckets, nconns, nidentified;
	struct hub_user **users;
	size_t nuser_buckets, nusers;
};

static size_t conn_slot(uint64_t id, size_t nbuckets)
{
	return (size_t)((id * 0x9E3779B97F4A7C15ull) >> 17) & (nbuckets - 1);
}

static size_t user_slot(const char *id, size_t nbuckets)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 1099511628211ull;
	return (size_t)h & (nbuckets - 1);
}

struct hub *hub_new(const struct hub_port *port)
{
	struct hub *hub = mem_calloc(1, sizeof(*hub));
	hub->port = *port;
	hub->nconn_buckets = hub->nuser_buckets = 64;
	hub->conns = mem_calloc(hub->nconn_buckets, sizeof(*hub->conns));
	hub->users = mem_calloc(hub->nuser_buckets, sizeof(*hub->users));
	return hub;
}

void hub_free(struct hub *hub)
{
	if (!hub)
		return;
	for (size_t i = 0; i < hub->nconn_buckets; i++)
		for (struct hub_conn *c = hub->conns[i], *next; c; c = next) {
			next = c->next_in_bucket;
			free(c);
		}
	for (size_t i = 0; i < hub->nuser_buckets; i++)
		for (struct hub_user *u = hub->users[i], *next; u; u = next) {
			next = u->next_in_bucket;
			free(u);
		}
	free(hub->conns);
	free(hub->users);
	free(hub);
}

static void grow_conns(struct hub *hub)
{
	size_t n = hub->nconn_buckets * 2;
	struct hub_conn **b = calloc(n, sizeof(*b));
	if (!b)
		return; /* keep the longer chains */
	for (size_t i = 0; i < hub->nconn_buckets; i++)
		for (struct hub_conn *c = hub->conns[i], *next; c; c = next) {
			next = c->next_in_bucket;
			size_t s = conn_slot(c->id, n);
			c->next_in_bucket = b[s];
			b[s] = c;
		}
	free(hub->conns);
	hub->conns = b;
	hub->nconn_buckets = n;
}

static void grow_users(struct hub *hub)
{
	size_t n = hub->nuser_buckets * 2;
	struct hub_user **b = calloc(n, sizeof(*b));
	if (!b)
		return;
	for (size_t i = 0; i < hub->nuser_buckets; i++)
		for (struct hub_user *u = hub->users[i], *next; u; u = next) {
			next = u->next_in_bucket;
			size_t s = user_slot(u->id, n);
			u->next_in_bucket = b[s];
			b[s] = u;
		}
	free(hub->users);
	hub->users = b;
	hub->nuser_buckets = n;
}

static struct hub_conn **conn_link(struct hub *hub, uint64_t id)
{
	struct hub_conn **p = &hub->conns[conn_slot(id, hub->nconn_buckets)];
	while (*p && (*p)->id != id)
		p = &(*p)->next_in_bucket;
	return p;
}

static struct hub_user **user_link(struct hub *hub, const char *id)
{
	struct hub_user **p = &hub->users[user_slot(id, hub->nuser_buckets)];
	while (*p && strcmp((*p)->id, id) != 0)
		p = &(*p)->next_in_bucket;
	return p;
}

bool hub_attach(struct hub *hub, uint64_t conn_id, void *conn)
{
	if (*conn_link(hub, conn_id))
		return false; /* ids are never reused */
	struct hub_conn *c = calloc(1, sizeof(*c));
	if (!c)
		return false;
	c->id = conn_id;
	c->conn = conn;
	if (hub->nconns >= hub->nconn_buckets)
		grow_conns(hub);
	struct hub_conn **p = &hub->conns[conn_slot(conn_id, hub->nconn_buckets)];
	c->next_in_bucket = *p;
	*p = c;
	hub->nconns++;
	return true;
}

/* Takes c off its user's list; forgets the user when it was the last. */
static void unidentify(struct hub *hub, struct hub_conn *c)
{
	struct hub_user *u = c->user;
	if (!u)
		return;
	struct hub_conn **p = &u->conns;
	while (*p != c)
		p = &(*p)->next_of_user;
	*p = c->next_of_user;
	c->user = NULL;
	c->next_of_user = NULL;
	hub->nidentified--;
	if (u->conns)
		return;
	struct hub_user **up = user_link(hub, u->id);
	*up = u->next_in_bucket;
	free(u);
	hub->nusers--;
}

void hub_detach(struct hub *hub, uint64_t conn_id)
{
	struct hub_conn **p = conn_link(hub, conn_id);
	struct hub_conn *c = *p;
	if (!c)
		return;
	unidentify(hub, c);
	*p = c->next_in_bucket;
	free(c);
	hub->nconns--;
}

void *hub_find(struct hub *hub, uint64_t conn_id)
{
	struct hub_conn *c = *conn_link(hub, conn_id);
	return c ? c->conn : NULL;
}

void hub_identify(struct hub *hub, uint64_t conn_id, const char *user_id)
{
	struct hub_conn *c = *conn_link(hub, conn_id);
	if (!c || strlen(user_id) > ID_LEN)
		return;
	unidentify(hub, c);
	struct hub_user **up = user_link(hub, user_id);
	struct hub_user *u = *up;
	if (!u) {
		u = calloc(1, sizeof(*u));
		if (!u)
			return;
		snprintf(u->id, sizeof(u->id), "%s", user_id);
		if (hub->nusers >= hub->nuser_buckets) {
			grow_users(hub);
			up = user_link(hub, user_id);
		}
		*up = u;
		hub->nusers++;
	}
	c->user = u;
	c->next_of_user = u->conns;
	u->conns = c;
	hub->nidentified++;
}

int hub_send_user(struct hub *hub, const char *user_id, const char *text)
{
	struct hub_user *u = *user_link(hub, user_id);
	int n = 0;
	for (struct hub_conn *c = u ? u->conns : NULL; c; c = c->next_of_user, n++)
		hub->port.send(c->conn, text);
	return n;
}

int hub_count(const struct hub *hub, int *identified)
{
	if (identified)
		*identified = (int)hub->nidentified;
	return (int)hub->nconns;
}
