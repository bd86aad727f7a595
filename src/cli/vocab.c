/*
 * Loading the vocabulary of synonyms, and the route search's setup and
 * options.  See vocab.h.
 */
#include "vocab.h"

#include "trust.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int load(const struct rn_cli *cli, struct rn_needs_index *ix, const char *path,
                const char *display)
{
	struct rn_diag diag;
	struct rn_vocab_reader r = { .ix = ix, .diag = &diag, .file = display };
	enum rn_status st;
	rn_diag_init(&diag);
	if (path)
		st = rn_csv_read(path, display, NULL, &diag, rn_needs_vocabulary_record, &r);
	else
		st = rn_csv_read_buffer(rn_default_vocabulary, rn_default_vocabulary_len, display,
		                        &diag, rn_needs_vocabulary_record, &r);
	if (st == RN_OK && diag.nerrors)
		st = RN_E_DATA;
	rn_cli_diag(cli, &diag, st, "the vocabulary");
	if (st == RN_E_INTERNAL)
		rn_cli_error(cli, st, "out of memory");
	rn_diag_release(&diag);
	return st;
}

int rn_cli_vocabulary(const struct rn_cli *cli, struct rn_needs_index *ix, int exact)
{
	struct stat sb;
	if (exact)
		return RN_OK;
	int st = load(cli, ix, NULL, "vocabulary (built in)");
	if (st != RN_OK)
		return st;
	const char *dir = cli->dir ? cli->dir : ".";
	size_t n = strlen(dir);
	char *path = malloc(n + sizeof("/vocabulary.csv"));
	if (!path)
		return rn_cli_error(cli, RN_E_INTERNAL, "out of memory");
	snprintf(path, n + sizeof("/vocabulary.csv"), "%s%svocabulary.csv", dir,
	         n && dir[n - 1] == '/' ? "" : "/");
	if (stat(path, &sb) == 0) {
		rn_cli_note_input(path);
		st = load(cli, ix, path, path);
		if (st == RN_OK && cli->verbose)
			fprintf(stderr, "refnet %s: %zu synonym pairs (with '%s')\n", cli->cmd, ix->nsyn,
			        path);
	} else if (cli->verbose) {
		fprintf(stderr, "refnet %s: %zu synonym pairs (built in)\n", cli->cmd, ix->nsyn);
	}
	free(path);
	return st;
}

int rn_cli_intro_init(const struct rn_cli *cli, const struct rn_network *net,
                      const struct rn_intro_options *opt, int exact,
                      struct rn_needs_index *ix, struct rn_intro *in)
{
	if (rn_needs_index_init(ix, net) != RN_OK)
		return rn_cli_error(cli, RN_E_INTERNAL, "out of memory");
	int st = rn_cli_vocabulary(cli, ix, exact);
	if (st != RN_OK)
		return st;
	if (rn_intro_init(in, net, opt, cli->as_of) != RN_OK)
		return rn_cli_error(cli, RN_E_INTERNAL, "out of memory");
	return RN_OK;
}

int rn_cli_route_option(const struct rn_cli *cli, struct rn_cli_route_args *a, int code,
                        const char *arg)
{
	if (code == RN_VOCAB_OPT_EXACT) {
		a->exact = 1;
		return RN_OK;
	}
	return rn_trust_option(cli, &a->opt, code, arg);
}
