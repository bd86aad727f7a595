/*
 * LinkedIn data exports: each member's Connections.csv (with Profile.csv,
 * messages.csv and the recommendation files when the export has them) read
 * into the import writer, one member at a time.
 *
 * Connections.csv has had three layouts, all read by finding the header
 * line (the one starting "First Name" with a "Last Name" column) instead
 * of assuming its number: no preamble and no URL column (exports to
 * mid-2021), a "Notes:" preamble of a few lines (mid-2021 on), and
 * First Name,Last Name,URL,Email Address,Company,Position,Connected On
 * (mid-2023 on).  Columns are found by name, so their order does not matter.
 *
 * A tie's strength comes from the evidence in the export (the rule is
 * struct rn_linkedin_rule, documented in docs/import.md): messages are
 * matched to connections by the sender's and recipients' profile URLs,
 * recommendations by name among the member's own connections.
 *
 * PATH may be the Connections.csv file, the unzipped export folder, or the
 * .zip LinkedIn sends; the zip is read with libzip, entries found by file
 * name in any folder of the archive.
 *
 * This file keeps the members and the merge; the other parts are listed in
 * linkedin_internal.h.
 */
#include "refnet/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../net/idmap.h"
#include "refnet/arena.h"
#include "refnet/csv.h"
#include "refnet/parallel.h"
#include "refnet/text.h"
#include "linkedin_internal.h"

void rn_linkedin_rule_default(struct rn_linkedin_rule *r)
{
	r->connected = 0.3;
	r->one_way = 0.5;
	r->two_way = 0.7;
	r->strong = 0.9;
	r->many = 20;
}

/* The strength the rule gives a connection, with the reason. */
static double strength_of(const struct rn_linkedin_rule *rule, const struct conn *c,
                          int have_messages, char *basis, size_t n)
{
	unsigned total = c->sent + c->received;
	if (c->recommended) {
		snprintf(basis, n, "recommendation");
		return rule->strong;
	}
	if (total >= rule->many && total > 0) {
		snprintf(basis, n, "many messages: %u sent, %u received", c->sent, c->received);
		return rule->strong;
	}
	if (c->sent && c->received) {
		snprintf(basis, n, "two-way messages: %u sent, %u received", c->sent, c->received);
		return rule->two_way;
	}
	if (total) {
		snprintf(basis, n, "messages one way: %u sent, %u received", c->sent, c->received);
		return rule->one_way;
	}
	snprintf(basis, n, have_messages ? "connected, no messages" : "connected");
	return rule->connected;
}

static void member_state_release(struct member_state *ms)
{
	free(ms->conns);
	free(ms->url_conn);
	free(ms->name_conn);
	free(ms->name_count);
	rn_idmap_free(ms->by_url);
	rn_idmap_free(ms->by_name);
	rn_arena_release(&ms->arena);
	rn_arena_release(&ms->row_arena);
	free(ms->bp);
	free(ms->bf);
	free(ms->bfn);
	free(ms->bsince);
	free(ms->bkeys);
	free(ms->profile_name);
	memset(ms, 0, sizeof(*ms));
}

/* One member's Connections.csv, read ahead of its merge. */
struct member_job {
	struct export *ex;
	struct member_state ms;
	struct rn_diag diag;     /* what reading it said: if anything, it is read again */
	enum rn_status st;
	int read;
};

static enum rn_status member_init(struct member_state *ms, struct rn_import *im,
                                  const struct rn_linkedin_options *opts, size_t i,
                                  int64_t member_idx, const struct export *ex,
                                  struct rn_diag *diag, struct rn_idmap *member_names,
                                  const size_t *name_count, const int64_t *rows,
                                  const size_t *slot_member)
{
	memset(ms, 0, sizeof(*ms));
	ms->im = im;
	ms->opts = opts;
	ms->m = &opts->members[i];
	ms->member_idx = member_idx;
	ms->member_no = i;
	ms->diag = diag;
	ms->display = ex->display[LI_CONNECTIONS];
	ms->member_names = member_names;
	ms->member_name_count = name_count;
	ms->member_rows = rows;
	ms->slot_member = slot_member;
	ms->by_url = rn_idmap_new();
	ms->by_name = rn_idmap_new();
	rn_arena_init(&ms->arena);
	rn_arena_init(&ms->row_arena);
	ms->want_urls = ex->display[LI_MESSAGES] != NULL;
	ms->want_names = ex->display[LI_REC_RECEIVED] || ex->display[LI_REC_GIVEN];
	return ms->by_url && ms->by_name ? RN_OK : RN_E_INTERNAL;
}

/* A thread's task: read one member's connections, into the member's state. */
static void *read_ahead(void *arg)
{
	struct member_job *j = arg;
	j->st = rn_linkedin_read_part(j->ex, LI_CONNECTIONS, rn_linkedin_is_people_header,
	                              "a line starting \"First Name,Last Name\"", &j->diag,
	                              rn_linkedin_connection_row, &j->ms);
	j->read = 1;
	return NULL;
}

struct merge_ctx {
	struct rn_import *im;
	const struct rn_linkedin_options *opts;
	struct export *ex;
	const int64_t *rows;
	struct member_job *job;
	struct rn_diag *diag;
	size_t from, to;         /* the members to merge now */
	enum rn_status st;       /* RN_E_INTERNAL stops everything */
	enum rn_status worst;    /* the first other problem */
};

/* Member i into the writer: connections, messages, recommendations, ties. */
static enum rn_status merge_member(struct merge_ctx *mc, size_t i)
{
	struct member_job *j = &mc->job[i];
	struct member_state *ms = &j->ms;
	struct export *e = &mc->ex[i];
	struct rn_diag *diag = mc->diag;
	const struct rn_linkedin_options *opts = mc->opts;
	enum rn_status st;
	if (j->read && j->st == RN_OK && !j->diag.nerrors && !j->diag.nwarnings && !j->diag.oom) {
		ms->deferred = 0;
		ms->diag = diag;
		st = rn_linkedin_flush_connections(ms);
	} else {
		const struct member_state was = *ms;
		member_state_release(ms);
		st = member_init(ms, mc->im, opts, i, was.member_idx, e, diag, was.member_names,
		                 was.member_name_count, was.member_rows, was.slot_member);
		if (st != RN_OK)
			return st;
		st = rn_linkedin_read_part(e, LI_CONNECTIONS, rn_linkedin_is_people_header,
		                           "a line starting \"First Name,Last Name\"", diag,
		                           rn_linkedin_connection_row, ms);
		/* The rows read before an error in the file count, as they are said. */
		if (ms->nbatch) {
			enum rn_status fs = rn_linkedin_flush_connections(ms);
			if (st == RN_OK || fs == RN_E_INTERNAL)
				st = fs;
		}
	}
	if (st == RN_OK) {
		struct msg_state s = { ms, e->display[LI_MESSAGES], -1, -1, -1, 0, 0 };
		st = rn_linkedin_read_part(e, LI_MESSAGES, rn_linkedin_is_messages_header,
		                           "a line starting \"CONVERSATION ID\"", diag,
		                           rn_linkedin_message_row, &s);
	}
	if (st == RN_OK) {
		struct rec_state s = { ms, -1, -1, 0, 0 };
		st = rn_linkedin_read_part(e, LI_REC_RECEIVED, rn_linkedin_is_people_header,
		                           "a line starting \"First Name,Last Name\"", diag,
		                           rn_linkedin_recommendation_row, &s);
		if (st == RN_OK)
			st = rn_linkedin_read_part(e, LI_REC_GIVEN, rn_linkedin_is_people_header,
			                           "a line starting \"First Name,Last Name\"", diag,
			                           rn_linkedin_recommendation_row, &s);
	}
	int have_messages = e->display[LI_MESSAGES] != NULL;
	for (size_t at = 0; st == RN_OK && at < ms->nconns; at += CONN_BATCH) {
		struct rn_import_tie t[CONN_BATCH];
		char basis[CONN_BATCH][128];
		size_t n = ms->nconns - at < CONN_BATCH ? ms->nconns - at : CONN_BATCH;
		for (size_t k = 0; k < n; k++) {
			const struct conn *c = &ms->conns[at + k];
			t[k] = (struct rn_import_tie) {
				.a = mc->rows[i], .b = c->idx,
				.strength = strength_of(&opts->rule, c, have_messages, basis[k],
				                        sizeof(basis[k])),
				.since = c->since,
				.last = c->last_msg != RN_NO_DATE ? c->last_msg : c->since,
				.basis = basis[k]
			};
		}
		st = rn_import_add_ties(mc->im, t, n);
	}
	rn_import_count(mc->im, ms->rows, ms->hidden, ms->skipped);
	member_state_release(ms);
	return st;
}

/* The task that merges members from..to, in order. */
static void *merge_members(void *arg)
{
	struct merge_ctx *mc = arg;
	for (size_t i = mc->from; i < mc->to && mc->st != RN_E_INTERNAL; i++) {
		if (!mc->ex[i].display[LI_CONNECTIONS])
			continue;
		enum rn_status st = merge_member(mc, i);
		if (st == RN_E_INTERNAL)
			mc->st = st;
		else if (st != RN_OK && mc->worst == RN_OK)
			mc->worst = st;
	}
	return NULL;
}

enum rn_status rn_import_linkedin(struct rn_import *im, const struct rn_linkedin_options *opts,
                                  struct rn_diag *diag)
{
	enum rn_status st = RN_OK, worst = RN_OK;
	size_t nm = opts->nmembers;
	struct export *ex = calloc(nm ? nm : 1, sizeof(*ex));
	int64_t *rows = calloc(nm ? nm : 1, sizeof(*rows));
	size_t *name_count = calloc(nm ? nm : 1, sizeof(*name_count));
	struct rn_idmap *member_names = rn_idmap_new();
	struct rn_arena arena;
	rn_arena_init(&arena);
	if (!ex || !rows || !name_count || !member_names) {
		st = RN_E_INTERNAL;
		goto cleanup;
	}

	/* Every member first, with the name from --name or Profile.csv, so that
	 * members who appear in each other's connections are found. */
	for (size_t i = 0; i < nm; i++) {
		const struct rn_linkedin_member *m = &opts->members[i];
		st = rn_linkedin_export_open(&ex[i], m->path, diag);
		if (st == RN_OK && !ex[i].display[LI_CONNECTIONS]) {
			rn_diag_error(diag, m->path, 0, 0, "no Connections.csv in this export (ask "
			              "LinkedIn for the data archive with \"Connections\", or pass the "
			              "Connections.csv file)");
			st = RN_E_DATA;
		}
		if (st != RN_OK) {
			if (st == RN_E_INTERNAL)
				goto cleanup;
			worst = worst == RN_OK ? st : worst;
			ex[i].display[LI_CONNECTIONS] = NULL;
			continue;
		}
		struct member_state ps;
		memset(&ps, 0, sizeof(ps));
		ps.c_first = ps.c_last = -1;
		const char *name = m->name;
		if (!name && ex[i].display[LI_PROFILE]) {
			st = rn_linkedin_read_part(&ex[i], LI_PROFILE, rn_linkedin_is_people_header,
			                           "a line starting \"First Name,Last Name\"", diag,
			                           rn_linkedin_profile_row, &ps);
			if (st == RN_E_INTERNAL) {
				free(ps.profile_name);
				goto cleanup;
			}
			name = ps.profile_name;
		}
		if (!name || !*name)
			rn_diag_warn(diag, m->path, 0, 0, "member '%s' has no name (no Profile.csv in "
			             "the export): pass --name %s=\"Full Name\"", m->id, m->id);
		struct rn_import_person p = { .id = m->id, .name = name, .source = m->id,
		                              .file = m->path };
		st = rn_import_add_person(im, &p, &rows[i]);
		if (st == RN_OK && name && *name) {
			char *fn = NULL;
			int64_t slot;
			if (rn_text_fold(name, strlen(name), &fn) != 0) {
				st = RN_E_INTERNAL;
			} else {
				char *k = rn_arena_strndup(&arena, fn, strlen(fn));
				if (!k || rn_idmap_put(member_names, k, strlen(k), &slot) < 0)
					st = RN_E_INTERNAL;
				else
					name_count[slot]++;
			}
			free(fn);
		}
		free(ps.profile_name);
		if (st != RN_OK)
			goto cleanup;
	}
	/* The member number of each name slot: the first member with it. */
	size_t *slot_member = calloc(nm ? nm : 1, sizeof(*slot_member));
	if (!slot_member) {
		st = RN_E_INTERNAL;
		goto cleanup;
	}
	for (size_t i = nm; i-- > 0;) {
		const char *n = rn_import_contact_name(im, rows[i]);
		char *fn = NULL;
		if (n && rn_text_fold(n, strlen(n), &fn) == 0) {
			int64_t s = rn_idmap_get(member_names, fn, strlen(fn));
			if (s >= 0)
				slot_member[s] = i;
		}
		free(fn);
	}

	/* Each member's Connections.csv is read (parsed, names folded) in
	 * threads a window of members ahead, while the members before are
	 * merged in the writer, in member order.  A file whose reading said
	 * anything (a bad date, a note on its encoding, an error) is read
	 * again in turn, so every message comes as and where it always did. */
	struct member_job *job = calloc(nm ? nm : 1, sizeof(*job));
	if (!job) {
		free(slot_member);
		st = RN_E_INTERNAL;
		goto cleanup;
	}
	struct merge_ctx mc = { im, opts, ex, rows, job, diag, 0, 0, RN_OK, RN_OK };
	for (size_t i = 0; i < nm; i++) {
		struct member_job *j = &job[i];
		j->ex = &ex[i];
		rn_diag_init(&j->diag);
		if (ex[i].display[LI_CONNECTIONS] &&
		    member_init(&j->ms, im, opts, i, rows[i], &ex[i], &j->diag, member_names,
		                name_count, rows, slot_member) != RN_OK)
			mc.st = RN_E_INTERNAL;
		j->ms.deferred = 1;
	}
	size_t win = 2 * (size_t) rn_threads();
	for (size_t w = 0; mc.st != RN_E_INTERNAL && w < nm + win; w += win) {
		/* Merge the window before while the threads read this one. */
		struct rn_task task[1 + 2 * RN_THREADS_MAX];
		int nt = 0;
		mc.from = w >= win ? w - win : 0;
		mc.to = w < nm ? w : nm;
		if (mc.to > mc.from)
			task[nt++] = (struct rn_task) { merge_members, &mc };
		for (size_t i = w; i < nm && i < w + win; i++)
			if (ex[i].display[LI_CONNECTIONS])
				task[nt++] = (struct rn_task) { read_ahead, &job[i] };
		rn_run_tasks(task, nt);
	}
	for (size_t i = 0; i < nm; i++) {
		member_state_release(&job[i].ms);
		rn_diag_release(&job[i].diag);
	}
	free(job);
	if (mc.st == RN_E_INTERNAL) {
		free(slot_member);
		st = RN_E_INTERNAL;
		goto cleanup;
	}
	worst = worst == RN_OK ? mc.worst : worst;
	free(slot_member);
	st = worst;
cleanup:
	for (size_t i = 0; ex && i < nm; i++)
		rn_linkedin_export_release(&ex[i]);
	free(ex);
	free(rows);
	free(name_count);
	rn_idmap_free(member_names);
	rn_arena_release(&arena);
	return st;
}
