/*
 * Writing a built JSON document to -o or standard output: the one place a
 * command's incomplete document becomes "out of memory" (json.h checks
 * once, here) rather than a write error or a partial file.
 */
#include "cli.h"
#include "refnet/json.h"

static int write_doc(void *ctx, FILE *fp)
{
	return rn_json_write(ctx, fp, RN_JSON_INDENTED);
}

int rn_cli_write_json(const struct rn_cli *cli, const struct rn_json *doc)
{
	if (!rn_json_ok(doc))
		return rn_cli_error(cli, RN_E_INTERNAL, "out of memory");
	return rn_cli_write(cli, write_doc, (void *) doc);
}
