/*
 * Need matching: which offers tags answer a need.
 *
 * A tag matches a need when every word of the need is a prefix of some word
 * of that one tag, after folding both (case, accents and punctuation; see
 * rn_text_fold): "estate att" matches "Estate Attorney", "plumb" matches
 * "plumber; drains" (tags are matched one at a time, so a need whose words
 * are split across two tags does not match).
 *
 * The index sorts the distinct words of all tags once; a need's first word
 * selects a range of words by binary search, and only the tags holding those
 * words are checked against the other words.  Providers come from an
 * inverted index tag -> contacts offering it.
 *
 * Synonyms (a vocabulary: "lawyer" ~ "attorney") widen a need: a need that
 * says one side of a pair, as whole words, also matches what it says with
 * that side replaced by the other ("estate lawyer" also matches as "estate
 * attorney"), one pair at a time (pairs are not chained).  An index without
 * synonyms matches exactly.
 */
#ifndef REFNET_NEEDS_H
#define REFNET_NEEDS_H

#include "refnet/csv.h"
#include "refnet/diag.h"
#include "refnet/network.h"

struct rn_needs_index {
	const struct rn_network *net;
	size_t nwords;
	char **word;                 /* distinct folded words, sorted (owned) */
	size_t *word_start;          /* word i's tags: word_tag[word_start[i] .. word_start[i+1]) */
	uint32_t *word_tag;
	size_t *offer_start;         /* tag t's providers: offerer[offer_start[t] .. +1) */
	uint32_t *offerer;
	size_t nsyn;                 /* synonym pairs: syn[2i] ~ syn[2i+1], folded (owned) */
	char **syn;
};

/* Build the index for net.  Returns RN_OK or RN_E_INTERNAL. O(tag text + refs). */
enum rn_status rn_needs_index_init(struct rn_needs_index *ix, const struct rn_network *net);
void rn_needs_index_release(struct rn_needs_index *ix);

/*
 * The tags matching the need text (any UTF-8), sorted by tag id, as a
 * malloc'd array in *tags (free() it) with the count in *n.  A need with no
 * words matches nothing.  Returns RN_OK or RN_E_INTERNAL.
 */
enum rn_status rn_needs_match(const struct rn_needs_index *ix, const char *need,
                              uint32_t **tags, size_t *n);

/*
 * Add the synonym pair a ~ b (any text; folded here).  Returns RN_OK (a pair
 * already known is kept once), RN_E_DATA when either side folds to nothing
 * or both are the same, RN_E_INTERNAL when out of memory.
 */
enum rn_status rn_needs_add_synonym(struct rn_needs_index *ix, const char *a, const char *b);

/*
 * Does tag `tag` answer the need only through a synonym?  1 with the pair
 * in *said (the need's words) and *meant (what the tag says; both folded,
 * owned by the index), 0 when it answers directly or not at all, -1 when
 * out of memory.
 */
int rn_needs_synonym(const struct rn_needs_index *ix, const char *need, uint32_t tag,
                     const char **said, const char **meant);

/*
 * Reading a vocabulary file: CSV with the columns `term` and `synonym`
 * (matched case-insensitively; any other column, such as a `note`, is
 * ignored), one pair per row.  Pass rn_needs_vocabulary_record to
 * rn_csv_read or rn_csv_read_buffer with a struct rn_vocab_reader whose ix,
 * diag and file are set; each problem (missing column, empty cell, a side
 * that is only punctuation, both sides the same) is an error in diag at
 * FILE:LINE:COLUMN.
 */
struct rn_vocab_reader {
	struct rn_needs_index *ix;
	struct rn_diag *diag;
	const char *file;
	int col_term, col_syn, usable;
};

enum rn_status rn_needs_vocabulary_record(void *ctx, const struct rn_csv_record *rec);

/* The default vocabulary, datasets/vocabulary.csv built into the program. */
extern const char *const rn_default_vocabulary;
extern const size_t rn_default_vocabulary_len;

/* Does tag `tag` match the folded need `fold` (words separated by one space)? */
int rn_needs_tag_matches(const struct rn_network *net, uint32_t tag, const char *fold);

/* How many contacts offer tag `tag`.  O(1). */
size_t rn_needs_providers(const struct rn_needs_index *ix, uint32_t tag);

/*
 * For a need that matches no offered tag: up to `max` (at most
 * RN_SUGGEST_MAX) offered tags a person may have meant, into tags[]:
 * the tags nearest in spelling (refnet/suggest.h, on folded text), or when
 * none is near, the tags sharing a word of three letters or more with the
 * need, most offered first.  Returns how many.  O(tags x need length).
 */
size_t rn_needs_suggest(const struct rn_needs_index *ix, const char *need, uint32_t *tags,
                        size_t max);

#endif
