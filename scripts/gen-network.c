/*
 * gen-network: write a deterministic synthetic referral network for refnet.
 *
 *   gen-network --contacts N --ties M [--events E] [--seed S] -o DIR
 *
 * Writes DIR/contacts.csv (N people with names, stages, offered and needed
 * trades, organisations, e-mail addresses and cities), DIR/ties.csv (exactly M
 * undirected ties, no self-ties, no pair twice in either order) and DIR/log.csv
 * (E dated interactions, sorted by date), all valid input as described in
 * section 1 of the product spec.  E defaults to M/10 and S to 1.
 *
 * The network is meant to look like a real one to the algorithms that run on
 * it: contacts are grouped into communities of 20 to 500 people (about 85% of
 * the ties fall inside a community), and each contact has a Pareto-distributed
 * "sociability" weight, so degrees are heavy-tailed.  Tie rows come out in the
 * random order they were drawn in, not sorted by id.  A few organisation names
 * hold commas or double quotes, so the RFC 4180 quoting paths get exercised.
 *
 * Same arguments, same bytes: all randomness comes from xoshiro256** seeded
 * through splitmix64 (independent streams for each part), and every decision is
 * made with integer arithmetic, so the output does not depend on the platform's
 * floating point or maths library.  The contacts and ties do not depend on E.
 *
 * Each file is written under a temporary name and renamed into place once it
 * has been written and closed without error, so a failed run never leaves a
 * truncated file behind.  It needs only the C library.
 *
 * Exit status: 0 ok, 64 bad arguments, 70 out of memory, 73 output cannot be
 * created or written.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define EXIT_USAGE 64
#define EXIT_NOMEM 70
#define EXIT_CANTCREAT 73

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *progname = "gen-network";

/* ---------------------------------------------------------------------- */
/* Vocabulary.  Tags never contain a comma (the offers/needs fields are     */
/* ";"-separated); display names carry accents, the ASCII forms are used    */
/* to build e-mail addresses.                                               */
/* ---------------------------------------------------------------------- */

static const char *const tags[] = {
    /* law, money, property */
    "estate attorney", "family lawyer", "business attorney",
    "immigration lawyer", "real estate attorney", "personal injury lawyer",
    "notary public", "bookkeeping", "tax preparation", "CPA",
    "payroll services", "financial planner", "wealth management",
    "mortgage broker", "insurance agent", "life insurance", "health insurance",
    "commercial insurance", "business banking", "credit repair",
    "retirement planning", "small business loans", "equipment leasing",
    "commercial real estate", "residential realtor", "property management",
    "home inspection", "appraisal", "title insurance", "escrow services",
    /* home and trades */
    "plumber", "electrician", "HVAC", "roofing", "general contractor",
    "handyman", "carpentry", "interior painting", "flooring",
    "tile installation", "landscaping", "lawn care", "tree service",
    "pool maintenance", "pest control", "house cleaning", "carpet cleaning",
    "window cleaning", "pressure washing", "gutter cleaning",
    "garage door repair", "locksmith", "fencing", "concrete work", "masonry",
    "drywall", "kitchen remodeling", "bathroom remodeling", "interior design",
    "home staging", "moving services", "junk removal", "self storage",
    "solar installation", "septic services", "appliance repair",
    "chimney sweep", "security systems", "smart home installation",
    /* marketing and technology */
    "web design", "SEO", "social media marketing", "graphic design",
    "copywriting", "branding", "video production", "commercial photography",
    "print shop", "signage", "promotional products", "public relations",
    "email marketing", "app development", "IT support", "managed IT",
    "cybersecurity", "computer repair", "data backup", "web hosting",
    "business phone systems", "CRM consulting", "virtual assistant",
    "translation services",
    /* events and weddings */
    "wedding photography", "wedding planner", "florist", "catering",
    "DJ services", "event venue", "party rentals", "bakery", "custom cakes",
    "bridal shop", "tuxedo rental", "limousine service",
    /* health and wellness */
    "chiropractor", "massage therapy", "physical therapy", "personal trainer",
    "yoga studio", "nutritionist", "dentist", "orthodontist", "optometrist",
    "dermatology", "acupuncture", "mental health counseling", "life coach",
    "hair salon", "barber", "nail salon", "esthetician", "day spa",
    "veterinarian", "pet grooming", "dog training", "pet sitting",
    /* business services */
    "business coach", "executive coaching", "HR consulting", "recruiting",
    "staffing agency", "sales training", "office cleaning",
    "courier services", "office supplies", "document shredding",
    /* cars, family, food and the rest */
    "auto repair", "auto detailing", "car dealership", "towing", "tire shop",
    "tutoring", "music lessons", "daycare", "senior care", "home health care",
    "funeral services", "meal prep", "food truck", "coffee roaster",
    "travel agent", "tailoring", "dry cleaning", "jewelry", "custom framing",
};

struct name {
    const char *display;
    const char *ascii; /* lower-case, for e-mail addresses */
};

static const struct name first_names[] = {
    {"James", "james"},       {"Mary", "mary"},         {"Robert", "robert"},
    {"Patricia", "patricia"}, {"Michael", "michael"},   {"Jennifer", "jennifer"},
    {"David", "david"},       {"Linda", "linda"},       {"William", "william"},
    {"Elizabeth", "elizabeth"}, {"Maria", "maria"},     {"Carlos", "carlos"},
    {"Wei", "wei"},           {"Priya", "priya"},       {"Aisha", "aisha"},
    {"Kenji", "kenji"},       {"Fatima", "fatima"},     {"Liam", "liam"},
    {"Olivia", "olivia"},     {"Noah", "noah"},         {"Emma", "emma"},
    {"Sofia", "sofia"},       {"Lucas", "lucas"},       {"Mia", "mia"},
    {"Ethan", "ethan"},       {"Ava", "ava"},           {"Daniel", "daniel"},
    {"Grace", "grace"},       {"Samuel", "samuel"},     {"Hannah", "hannah"},
    {"Omar", "omar"},         {"Leila", "leila"},       {"Raj", "raj"},
    {"Anika", "anika"},       {"Diego", "diego"},       {"Camila", "camila"},
    {"Thomas", "thomas"},     {"Karen", "karen"},       {"Brian", "brian"},
    {"Nicole", "nicole"},     {"Kevin", "kevin"},       {"Laura", "laura"},
    {"Jason", "jason"},       {"Rachel", "rachel"},     {"Marcus", "marcus"},
    {"Tanya", "tanya"},       {"Zoë", "zoe"},           {"José", "jose"},
    {"Chloé", "chloe"},       {"Renée", "renee"},       {"Björn", "bjorn"},
    {"Søren", "soren"},       {"François", "francois"}, {"Siobhán", "siobhan"},
    {"Ángel", "angel"},       {"Inés", "ines"},         {"Jürgen", "jurgen"},
    {"Małgorzata", "malgorzata"},
};

static const struct name last_names[] = {
    {"Smith", "smith"},       {"Johnson", "johnson"},   {"Williams", "williams"},
    {"Brown", "brown"},       {"Jones", "jones"},       {"García", "garcia"},
    {"Miller", "miller"},     {"Davis", "davis"},       {"Rodriguez", "rodriguez"},
    {"Martinez", "martinez"}, {"Hernández", "hernandez"}, {"Lopez", "lopez"},
    {"Wilson", "wilson"},     {"Anderson", "anderson"}, {"Taylor", "taylor"},
    {"Moore", "moore"},       {"Jackson", "jackson"},   {"Martin", "martin"},
    {"Lee", "lee"},           {"Thompson", "thompson"}, {"White", "white"},
    {"Harris", "harris"},     {"Clark", "clark"},       {"Lewis", "lewis"},
    {"Robinson", "robinson"}, {"Walker", "walker"},     {"Young", "young"},
    {"Allen", "allen"},       {"King", "king"},         {"Wright", "wright"},
    {"Scott", "scott"},       {"Nguyen", "nguyen"},     {"Patel", "patel"},
    {"Kim", "kim"},           {"Chen", "chen"},         {"Wang", "wang"},
    {"Singh", "singh"},       {"Kowalski", "kowalski"}, {"O'Brien", "obrien"},
    {"Murphy", "murphy"},     {"Müller", "muller"},     {"Schröder", "schroder"},
    {"Peña", "pena"},         {"Núñez", "nunez"},       {"Sánchez", "sanchez"},
    {"Ødegaard", "odegaard"}, {"Dubois", "dubois"},     {"Lefèvre", "lefevre"},
    {"Rossi", "rossi"},       {"Bianchi", "bianchi"},   {"Cohen", "cohen"},
    {"Okafor", "okafor"},     {"Mensah", "mensah"},     {"Haddad", "haddad"},
    {"Ivanova", "ivanova"},   {"Novak", "novak"},       {"Yamamoto", "yamamoto"},
    {"Tanaka", "tanaka"},     {"Svensson", "svensson"}, {"Andersen", "andersen"},
    {"Costa", "costa"},       {"Silva", "silva"},       {"Fitzgerald", "fitzgerald"},
    {"Campbell", "campbell"}, {"Mitchell", "mitchell"}, {"Carter", "carter"},
};

static const char *const cities[] = {
    "Austin", "Portland", "Denver", "Boise", "Raleigh", "Tucson", "Omaha",
    "Madison", "Burlington", "Asheville", "Sacramento", "Columbus", "Richmond",
    "Savannah", "Spokane", "Eugene", "Albany", "Santa Fe", "Springfield",
    "Riverside", "Fairview", "Greenville", "Chattanooga", "Des Moines",
    "St. Louis", "Winston-Salem", "Coeur d'Alene", "San José", "Montréal",
    "Québec City",
};

static const char *const org_suffixes[] = {
    "Consulting", "Group", "Services", "Studio", "Solutions", "Partners",
    "Realty", "Design", "Home Services", "Wellness", "Media", "Law Office",
    "Financial", "Builders", "Creative", "Events",
};

static const char *const email_domains[] = {
    "example.com", "example.net", "example.org", "mail.example.com",
};

/* Stages with their share in percent. */
static const char *const stages[] = {"suspect", "prospect", "customer", "partner"};
static const unsigned stage_pct[] = {30, 30, 25, 15};

/* Log kinds with their share in percent. */
enum kind { K_REFERRAL, K_INTRO, K_ASK, K_PITCH, K_TOUCH, K_MEETING, K_THANKS, K_GIFT };
static const char *const kinds[] = {"referral", "intro", "ask", "pitch",
                                    "touch", "meeting", "thanks", "gift"};
static const unsigned kind_pct[] = {15, 7, 12, 10, 30, 15, 8, 3};

static const char *const touch_about[] = {"phone call", "coffee", "email",
                                          "text message", "LinkedIn message"};
static const char *const meeting_about[] = {"one-to-one", "lunch", "coffee",
                                            "chapter meeting", "site visit"};
static const char *const thanks_about[] = {"thank-you note", "thank-you card",
                                           "phone call"};
static const char *const gift_about[] = {"gift card", "wine", "flowers",
                                         "coffee beans", "event tickets"};

/* ---------------------------------------------------------------------- */
/* Tuning                                                                   */
/* ---------------------------------------------------------------------- */

#define COMM_MIN 20          /* community sizes are COMM_MIN + (COMM_MAX-COMM_MIN) * u^3 */
#define COMM_MAX 500
/* Share of tie draws made inside a community.  Repeated pairs, which are
 * rejected, are mostly inside communities, so this is set a little above the
 * 85% wanted in the output (which it gives at an average degree of 20). */
#define INTRA_PCT 87
#define WEIGHT_MIN 16        /* Pareto(alpha = 2) weights, WEIGHT_MIN / sqrt(u) */
#define WEIGHT_MAX 16000     /* ... capped at 1000 times the minimum */
#define MAX_MISSES 10000     /* consecutive duplicate draws before drawing uniformly */
#define LOG_TIE_PCT 85       /* share of log events between two tied contacts */
#define LOG_DAYS 365         /* the log covers 2025-11-01 .. 2026-10-31 */

/* ---------------------------------------------------------------------- */
/* Random numbers: xoshiro256** seeded through splitmix64.                 */
/* ---------------------------------------------------------------------- */

struct rng {
    uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Seed an independent stream.  The contacts, the community structure, the
 * ties and the log each have their own, so that e.g. changing the number of
 * events does not change the contacts or the ties. */
static void rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * UINT64_C(0xD1B54A32D192ED03));
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n), n > 0, without modulo bias. */
static inline uint64_t rng_below(struct rng *r, uint64_t n)
{
    uint64_t threshold = (0 - n) % n; /* 2^64 mod n */
    uint64_t x;
    do
        x = rng_next(r);
    while (x < threshold);
    return x % n;
}

/* Index into a table of percentages that sum to 100. */
static unsigned rng_pick_pct(struct rng *r, const unsigned *pct, unsigned n)
{
    unsigned x = (unsigned)rng_below(r, 100);
    for (unsigned i = 0; i + 1 < n; i++) {
        if (x < pct[i])
            return i;
        x -= pct[i];
    }
    return n - 1;
}

#define RNG_ITEM(r, array) ((array)[rng_below((r), ARRAY_LEN(array))])

/* floor(sqrt(n)), exactly, in integers. */
static uint64_t isqrt64(uint64_t n)
{
    uint64_t x = 0, bit = UINT64_C(1) << 62;
    while (bit > n)
        bit >>= 2;
    while (bit) {
        if (n >= x + bit) {
            n -= x + bit;
            x = (x >> 1) + bit;
        } else {
            x >>= 1;
        }
        bit >>= 2;
    }
    return x;
}

/* A Pareto(alpha = 2) weight WEIGHT_MIN / sqrt(u), u uniform in (0, 1],
 * computed as WEIGHT_MIN * 2^26 / isqrt(u * 2^52). */
static uint64_t pareto_weight(struct rng *r)
{
    uint64_t u = (rng_next(r) >> 12) + 1; /* 1 .. 2^52 */
    uint64_t w = (WEIGHT_MIN * (UINT64_C(1) << 26)) / isqrt64(u);
    return w > WEIGHT_MAX ? WEIGHT_MAX : w;
}

/* Smallest i in [lo, hi) with cum[i] > target; cum is non-decreasing and
 * cum[hi - 1] > target. */
static size_t pick_cumulative(const uint64_t *cum, size_t lo, size_t hi, uint64_t target)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cum[mid] > target)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* ---------------------------------------------------------------------- */
/* Memory                                                                   */
/* ---------------------------------------------------------------------- */

static void *xcalloc(size_t n, size_t size)
{
    void *p = n ? calloc(n, size) : malloc(1);
    if (!p) {
        fprintf(stderr, "%s: out of memory (%zu x %zu bytes)\n", progname, n, size);
        exit(EXIT_NOMEM);
    }
    return p;
}

/* ---------------------------------------------------------------------- */
/* Dates: days counted from 2010-01-01, formatted from a precomputed table. */
/* ---------------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (long)yoe + era * 400 + (*m <= 2);
}

static long day_epoch;       /* 2010-01-01, in days since 1970-01-01 */
static unsigned day_end;     /* 2026-11-01, in days since day_epoch */
static unsigned day_log0;    /* 2025-11-01, in days since day_epoch */
static char (*day_text)[10]; /* "YYYY-MM-DD" for every day 0 .. day_end */

static void dates_init(void)
{
    day_epoch = days_from_civil(2010, 1, 1);
    day_end = (unsigned)(days_from_civil(2026, 11, 1) - day_epoch);
    day_log0 = (unsigned)(days_from_civil(2025, 11, 1) - day_epoch);
    day_text = xcalloc((size_t)day_end + 1, sizeof *day_text);
    for (unsigned i = 0; i <= day_end; i++) {
        long y;
        unsigned m, d;
        char buf[32];
        civil_from_days(day_epoch + (long)i, &y, &m, &d);
        snprintf(buf, sizeof buf, "%04ld-%02u-%02u", y, m, d);
        memcpy(day_text[i], buf, 10);
    }
}

/* 0 = Sunday .. 6 = Saturday; 1970-01-01 was a Thursday. */
static unsigned weekday(unsigned day)
{
    return (unsigned)((day_epoch + (long)day + 4) % 7);
}

/* ---------------------------------------------------------------------- */
/* Buffered output with sticky error state                                  */
/* ---------------------------------------------------------------------- */

#define OUT_BUF_SIZE ((size_t)1 << 20)

struct out {
    FILE *f;
    char *path;     /* final name */
    char *tmp_path; /* written first, renamed to path on success */
    char *buf;
    size_t len;
    int err; /* first errno seen, 0 if none */
};

static void out_flush(struct out *o)
{
    if (o->len && !o->err) {
        errno = 0;
        if (fwrite(o->buf, 1, o->len, o->f) != o->len)
            o->err = errno ? errno : EIO;
    }
    o->len = 0;
}

static inline void put_mem(struct out *o, const char *s, size_t n)
{
    if (o->len + n > OUT_BUF_SIZE) {
        out_flush(o);
        if (n > OUT_BUF_SIZE) { /* longer than the buffer: write it directly */
            if (!o->err && fwrite(s, 1, n, o->f) != n)
                o->err = errno ? errno : EIO;
            return;
        }
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static inline void put_char(struct out *o, char c)
{
    if (o->len + 1 > OUT_BUF_SIZE)
        out_flush(o);
    o->buf[o->len++] = c;
}

static inline void put_str(struct out *o, const char *s)
{
    put_mem(o, s, strlen(s));
}

/* A CSV field, quoted per RFC 4180 when it holds a comma, quote or newline. */
static void put_field(struct out *o, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        put_str(o, s);
        return;
    }
    put_char(o, '"');
    for (; *s; s++) {
        if (*s == '"')
            put_char(o, '"');
        put_char(o, *s);
    }
    put_char(o, '"');
}

static unsigned id_width; /* digits in a contact id */

/* Contact index i (0-based) as "c" + zero-padded i + 1. */
static inline void put_id(struct out *o, uint32_t i)
{
    char buf[16];
    uint64_t v = (uint64_t)i + 1;
    buf[0] = 'c';
    for (unsigned k = id_width; k > 0; k--) {
        buf[k] = (char)('0' + v % 10);
        v /= 10;
    }
    put_mem(o, buf, id_width + 1);
}

static inline void put_uint(struct out *o, uint64_t v)
{
    char buf[24];
    size_t k = sizeof buf;
    do {
        buf[--k] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put_mem(o, buf + k, sizeof buf - k);
}

/* An amount in hundredths, with two decimals: 57 -> "0.57". */
static inline void put_cents(struct out *o, uint64_t cents)
{
    char frac[3] = {(char)('0' + cents / 10 % 10), (char)('0' + cents % 10), 0};
    put_uint(o, cents / 100);
    put_char(o, '.');
    put_mem(o, frac, 2);
}

static inline void put_date(struct out *o, unsigned day)
{
    put_mem(o, day_text[day], 10);
}

static char *path_join(const char *dir, const char *name, const char *suffix)
{
    size_t n = strlen(dir) + strlen(name) + strlen(suffix) + 2;
    char *p = xcalloc(n, 1);
    snprintf(p, n, "%s/%s%s", dir, name, suffix);
    return p;
}

static void out_open(struct out *o, const char *dir, const char *name)
{
    memset(o, 0, sizeof *o);
    o->path = path_join(dir, name, "");
    o->tmp_path = path_join(dir, name, ".tmp");
    o->buf = xcalloc(OUT_BUF_SIZE, 1);
    o->f = fopen(o->tmp_path, "wb");
    if (!o->f) {
        fprintf(stderr, "%s: cannot create '%s': %s\n", progname, o->tmp_path,
                strerror(errno));
        exit(EXIT_CANTCREAT);
    }
}

/* Flush, close and rename into place; on any error remove the temporary file
 * and exit. */
static void out_close(struct out *o)
{
    out_flush(o);
    if (!o->err && ferror(o->f))
        o->err = EIO;
    errno = 0;
    if (fclose(o->f) != 0 && !o->err)
        o->err = errno ? errno : EIO;
    if (!o->err && rename(o->tmp_path, o->path) != 0)
        o->err = errno;
    if (o->err) {
        fprintf(stderr, "%s: cannot write '%s': %s\n", progname, o->path,
                strerror(o->err));
        remove(o->tmp_path);
        exit(EXIT_CANTCREAT);
    }
    free(o->buf);
    free(o->path);
    free(o->tmp_path);
}

/* mkdir -p */
static void make_dirs(const char *dir)
{
    size_t len = strlen(dir);
    char *p = xcalloc(len + 1, 1);
    memcpy(p, dir, len + 1);
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                fprintf(stderr, "%s: cannot create directory '%s': %s\n", progname, p,
                        strerror(errno));
                exit(EXIT_CANTCREAT);
            }
            *s = c;
            if (!c)
                break;
        }
    }
    struct stat st;
    if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "%s: '%s' is not a directory\n", progname, p);
        exit(EXIT_CANTCREAT);
    }
    free(p);
}

/* ---------------------------------------------------------------------- */
/* Contacts                                                                 */
/* ---------------------------------------------------------------------- */

#define MAX_OFFERS 3
#define MAX_NEEDS 2
#define TAGS_PER_CONTACT (MAX_OFFERS + MAX_NEEDS)

struct contacts {
    uint32_t n;
    uint8_t *tags;   /* TAGS_PER_CONTACT per contact: offers first, then needs */
    uint8_t *counts; /* low nibble: number of offers, high nibble: needs */
};

static inline unsigned n_offers(const struct contacts *c, uint32_t i)
{
    return c->counts[i] & 0xF;
}

static inline unsigned n_needs(const struct contacts *c, uint32_t i)
{
    return c->counts[i] >> 4;
}

static inline const char *offer(const struct contacts *c, uint32_t i, unsigned k)
{
    return tags[c->tags[(size_t)i * TAGS_PER_CONTACT + k]];
}

static inline const char *need(const struct contacts *c, uint32_t i, unsigned k)
{
    return tags[c->tags[(size_t)i * TAGS_PER_CONTACT + MAX_OFFERS + k]];
}

/* Tag popularity is Zipf-like (weight 1/(rank + 10)); the ranks are a fixed
 * shuffle of the vocabulary, the same for every seed, so that popularity does
 * not follow the order of the list above. */
static uint64_t tag_cum[ARRAY_LEN(tags)];

static void tags_init(void)
{
    unsigned rank[ARRAY_LEN(tags)];
    struct rng r;
    rng_seed(&r, 0, 0x7A65);
    for (unsigned i = 0; i < ARRAY_LEN(tags); i++)
        rank[i] = i;
    for (unsigned i = ARRAY_LEN(tags) - 1; i > 0; i--) {
        unsigned j = (unsigned)rng_below(&r, i + 1), t = rank[i];
        rank[i] = rank[j];
        rank[j] = t;
    }
    uint64_t total = 0;
    for (unsigned i = 0; i < ARRAY_LEN(tags); i++) {
        total += 1000000 / (rank[i] + 10);
        tag_cum[i] = total;
    }
}

static uint8_t pick_tag(struct rng *r)
{
    uint64_t total = tag_cum[ARRAY_LEN(tags) - 1];
    return (uint8_t)pick_cumulative(tag_cum, 0, ARRAY_LEN(tags), rng_below(r, total));
}

static void put_tag_list(struct out *o, const uint8_t *t, unsigned n)
{
    char joined[256];
    size_t len = 0;
    for (unsigned k = 0; k < n; k++) {
        int w = snprintf(joined + len, sizeof joined - len, "%s%s", k ? "; " : "",
                         tags[t[k]]);
        if (w < 0 || (size_t)w >= sizeof joined - len)
            break;
        len += (size_t)w;
    }
    put_field(o, joined);
}

static void put_org(struct out *o, struct rng *r, const struct name *last, const char *city)
{
    char org[160];
    const struct name *other = &RNG_ITEM(r, last_names);
    const char *suffix = RNG_ITEM(r, org_suffixes);
    unsigned form = (unsigned)rng_below(r, 100);

    if (form < 40)
        snprintf(org, sizeof org, "%s %s", last->display, suffix);
    else if (form < 52)
        snprintf(org, sizeof org, "%s & %s LLP", last->display, other->display);
    else if (form < 60)
        snprintf(org, sizeof org, "%s, %s & Associates", last->display, other->display);
    else if (form < 70)
        snprintf(org, sizeof org, "%s %s, %s", last->display, suffix,
                 rng_below(r, 2) ? "LLC" : "Inc.");
    else if (form < 98)
        snprintf(org, sizeof org, "%s %s", city, suffix);
    else
        snprintf(org, sizeof org, "%s \"Quality First\" %s", last->display, suffix);
    put_field(o, org);
}

static void write_contacts(struct contacts *c, const char *dir, uint64_t seed)
{
    struct out o;
    struct rng r;
    rng_seed(&r, seed, 1);
    out_open(&o, dir, "contacts.csv");
    put_str(&o, "id,name,stage,offers,needs,org,email,city\n");

    for (uint32_t i = 0; i < c->n; i++) {
        const struct name *first = &RNG_ITEM(&r, first_names);
        const struct name *last = &RNG_ITEM(&r, last_names);
        const char *city = RNG_ITEM(&r, cities);
        unsigned stage = rng_pick_pct(&r, stage_pct, ARRAY_LEN(stage_pct));
        unsigned offers = 1 + (unsigned)rng_below(&r, MAX_OFFERS);
        unsigned needs = 1 + (unsigned)rng_below(&r, MAX_NEEDS);
        uint8_t *t = c->tags + (size_t)i * TAGS_PER_CONTACT;

        /* offers + needs distinct tags: nobody needs what they offer */
        uint8_t chosen[TAGS_PER_CONTACT];
        for (unsigned k = 0; k < offers + needs;) {
            uint8_t tag = pick_tag(&r);
            unsigned j = 0;
            while (j < k && chosen[j] != tag)
                j++;
            if (j == k)
                chosen[k++] = tag;
        }
        memcpy(t, chosen, offers);
        memcpy(t + MAX_OFFERS, chosen + offers, needs);
        c->counts[i] = (uint8_t)(offers | needs << 4);

        put_id(&o, i);
        put_char(&o, ',');
        put_str(&o, first->display);
        put_char(&o, ' ');
        put_str(&o, last->display);
        put_char(&o, ',');
        put_str(&o, stages[stage]);
        put_char(&o, ',');
        put_tag_list(&o, t, offers);
        put_char(&o, ',');
        put_tag_list(&o, t + MAX_OFFERS, needs);
        put_char(&o, ',');
        if (rng_below(&r, 100) < 75)
            put_org(&o, &r, last, city);
        put_char(&o, ',');
        if (rng_below(&r, 100) < 85) {
            put_str(&o, first->ascii);
            put_char(&o, '.');
            put_str(&o, last->ascii);
            if (rng_below(&r, 2))
                put_uint(&o, rng_below(&r, 100));
            put_char(&o, '@');
            put_str(&o, RNG_ITEM(&r, email_domains));
        }
        put_char(&o, ',');
        put_field(&o, city);
        put_char(&o, '\n');
    }
    out_close(&o);
}

/* ---------------------------------------------------------------------- */
/* Ties                                                                     */
/* ---------------------------------------------------------------------- */

/* Open-addressing hash set of pair keys (lo << 32 | hi, lo < hi), so the key
 * 0 never occurs and marks an empty slot. */
struct pairset {
    uint64_t *slot;
    uint64_t mask;
};

static void pairset_init(struct pairset *s, uint64_t n)
{
    uint64_t cap = 64;
    while (cap < n + n / 2) /* load factor at most 2/3 */
        cap <<= 1;
    if (cap > SIZE_MAX / sizeof *s->slot) {
        fprintf(stderr, "%s: too many ties\n", progname);
        exit(EXIT_NOMEM);
    }
    s->slot = xcalloc((size_t)cap, sizeof *s->slot);
    s->mask = cap - 1;
}

static inline uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Insert key; return 0 when it was already there. */
static inline int pairset_insert(struct pairset *s, uint64_t key)
{
    uint64_t i = mix64(key) & s->mask;
    while (s->slot[i]) {
        if (s->slot[i] == key)
            return 0;
        i = (i + 1) & s->mask;
    }
    s->slot[i] = key;
    return 1;
}

/* A uniformly random pair from a non-empty set. */
static inline uint64_t pairset_sample(const struct pairset *s, struct rng *r)
{
    uint64_t key;
    do
        key = s->slot[rng_next(r) & s->mask];
    while (!key);
    return key;
}

/* The tie graph's vertices are positions 0 .. n-1 in a random permutation of
 * the contacts (member[] maps a position to its contact), and each community
 * is a run of consecutive positions.  cum[] holds the running total of the
 * vertices' weights, so a weighted draw from one community is a binary search
 * over that community's run of cum[]; a draw from everybody starts at the
 * guide table entry for its bucket of the total and scans forward, which takes
 * one or two steps on average. */
struct graph {
    uint32_t n;
    uint32_t *member;     /* position -> contact index */
    uint32_t *comm;       /* position -> community */
    uint32_t *comm_start; /* community -> first position; comm_start[ncomm] = n */
    uint32_t ncomm;
    uint64_t *cum;        /* cum[p] = weight of positions 0 .. p */
    uint64_t total;
    uint32_t *guide;      /* guide[k] = first p with cum[p] > k * bucket */
    uint64_t bucket;
};

static void graph_build(struct graph *g, uint32_t n, uint64_t seed)
{
    struct rng r;
    rng_seed(&r, seed, 2);
    memset(g, 0, sizeof *g);
    g->n = n;
    g->member = xcalloc(n, sizeof *g->member);
    g->comm = xcalloc(n, sizeof *g->comm);
    g->comm_start = xcalloc((size_t)n / COMM_MIN + 2, sizeof *g->comm_start);
    g->cum = xcalloc(n, sizeof *g->cum);
    g->guide = xcalloc((size_t)n + 1, sizeof *g->guide);

    for (uint32_t i = 0; i < n; i++)
        g->member[i] = i;
    for (uint32_t i = n; i > 1; i--) {
        uint32_t j = (uint32_t)rng_below(&r, i), t = g->member[i - 1];
        g->member[i - 1] = g->member[j];
        g->member[j] = t;
    }

    for (uint32_t p = 0; p < n;) {
        uint64_t u = rng_below(&r, 1000);
        uint32_t size = COMM_MIN + (uint32_t)((COMM_MAX - COMM_MIN) * u * u * u / 1000000000);
        if (size > n - p || n - p - size < COMM_MIN)
            size = n - p; /* the last community takes what is left */
        g->comm_start[g->ncomm] = p;
        for (uint32_t k = 0; k < size; k++)
            g->comm[p + k] = g->ncomm;
        p += size;
        g->ncomm++;
    }
    g->comm_start[g->ncomm] = n;

    for (uint32_t p = 0; p < n; p++) {
        g->total += pareto_weight(&r);
        g->cum[p] = g->total;
    }

    /* n buckets of equal width over [0, total) */
    g->bucket = n ? g->total / n + 1 : 1;
    uint32_t p = 0;
    for (uint32_t k = 0; k <= n; k++) {
        while (p < n && g->cum[p] <= (uint64_t)k * g->bucket)
            p++;
        g->guide[k] = p;
    }
}

static void graph_release(struct graph *g)
{
    free(g->member);
    free(g->comm);
    free(g->comm_start);
    free(g->cum);
    free(g->guide);
}

/* A position drawn with probability proportional to its weight. */
static inline uint32_t graph_draw(const struct graph *g, struct rng *r)
{
    uint64_t target = rng_below(r, g->total);
    uint32_t p = g->guide[target / g->bucket];
    while (g->cum[p] <= target)
        p++;
    return p;
}

/* A position of community c drawn with probability proportional to its weight. */
static inline uint32_t graph_draw_in(const struct graph *g, struct rng *r, uint32_t c)
{
    size_t lo = g->comm_start[c], hi = g->comm_start[c + 1];
    uint64_t base = lo ? g->cum[lo - 1] : 0;
    uint64_t target = base + rng_below(r, g->cum[hi - 1] - base);
    return (uint32_t)pick_cumulative(g->cum, lo, hi, target);
}

struct tie_stats {
    uint64_t intra;      /* ties inside a community */
    uint32_t max_degree;
    int uniform;         /* fell back to uniform draws */
};

/* Draw m distinct ties and write them in the order drawn.  Each draw takes a
 * weighted endpoint from everybody and, INTRA_PCT of the time, the other
 * from the same community, else again from everybody; self-pairs and pairs
 * already drawn are rejected.  The set of drawn pairs is left in set. */
static void write_ties(const struct graph *g, uint64_t m, const char *dir, uint64_t seed,
                       struct pairset *set, struct tie_stats *st)
{
    struct rng r;
    rng_seed(&r, seed, 3);
    memset(st, 0, sizeof *st);
    uint32_t *degree = xcalloc(g->n, sizeof *degree);

    pairset_init(set, m);
    struct out o;
    out_open(&o, dir, "ties.csv");
    put_str(&o, "a,b,strength,since,last_contact\n");

    uint64_t written = 0, misses = 0;
    while (written < m) {
        uint32_t a, b;
        if (!st->uniform) {
            a = graph_draw(g, &r);
            b = rng_below(&r, 100) < INTRA_PCT ? graph_draw_in(g, &r, g->comm[a])
                                               : graph_draw(g, &r);
        } else {
            a = (uint32_t)rng_below(&r, g->n);
            b = (uint32_t)rng_below(&r, g->n);
        }
        if (a == b)
            continue;
        uint64_t key = a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
        if (!pairset_insert(set, key)) {
            /* Dense requests saturate the communities; finish them uniformly. */
            if (++misses > MAX_MISSES)
                st->uniform = 1;
            continue;
        }
        misses = 0;
        written++;
        st->intra += g->comm[a] == g->comm[b];
        if (++degree[a] > st->max_degree)
            st->max_degree = degree[a];
        if (++degree[b] > st->max_degree)
            st->max_degree = degree[b];

        /* a,b in random order */
        if (rng_below(&r, 2)) {
            uint32_t t = a;
            a = b;
            b = t;
        }
        put_id(&o, g->member[a]);
        put_char(&o, ',');
        put_id(&o, g->member[b]);
        put_char(&o, ',');
        /* strength: 5% empty, else 0.05 .. 1.00 peaking around 0.5 */
        if (rng_below(&r, 100) >= 5)
            put_cents(&o, 5 + rng_below(&r, 48) + rng_below(&r, 49));
        put_char(&o, ',');
        /* since: 10% empty, else 2010-01-01 .. 2026-10-31, recent years likelier */
        unsigned since = 0;
        if (rng_below(&r, 100) >= 10) {
            unsigned d1 = (unsigned)rng_below(&r, day_end);
            unsigned d2 = (unsigned)rng_below(&r, day_end);
            since = d1 > d2 ? d1 : d2;
            put_date(&o, since);
        }
        put_char(&o, ',');
        /* last_contact: 10% empty, else since .. 2026-11-01; half in the last
         * six months, the other half anywhere, so many ties are stale */
        if (rng_below(&r, 100) >= 10) {
            unsigned span = day_end - since;
            unsigned back = rng_below(&r, 2)
                                ? (unsigned)rng_below(&r, (span < 180 ? span : 180) + 1)
                                : (unsigned)rng_below(&r, span + 1);
            put_date(&o, day_end - back);
        }
        put_char(&o, '\n');
    }
    out_close(&o);
    free(degree);
}

/* ---------------------------------------------------------------------- */
/* Log                                                                      */
/* ---------------------------------------------------------------------- */

/* E events over LOG_DAYS days, weekdays five times as busy as weekend days;
 * the events of each day are drawn after counting how many fall on it, so the
 * file comes out sorted by date without a sort. */
static void write_log(const struct contacts *c, const struct graph *g, uint64_t m, uint64_t e,
                      const char *dir, uint64_t seed, const struct pairset *set)
{
    struct rng r;
    rng_seed(&r, seed, 4);
    uint64_t day_cum[LOG_DAYS], per_day[LOG_DAYS] = {0}, total = 0;
    for (unsigned d = 0; d < LOG_DAYS; d++) {
        unsigned wd = weekday(day_log0 + d);
        total += (wd == 0 || wd == 6) ? 1 : 5;
        day_cum[d] = total;
    }
    for (uint64_t i = 0; i < e; i++)
        per_day[pick_cumulative(day_cum, 0, LOG_DAYS, rng_below(&r, total))]++;

    struct out o;
    out_open(&o, dir, "log.csv");
    put_str(&o, "date,from,to,kind,about,value,status\n");
    for (unsigned d = 0; d < LOG_DAYS; d++) {
        for (uint64_t k = 0; k < per_day[d]; k++) {
            uint32_t from, to;
            if (m > 0 && rng_below(&r, 100) < LOG_TIE_PCT) {
                uint64_t key = pairset_sample(set, &r);
                from = g->member[key >> 32];
                to = g->member[(uint32_t)key];
                if (rng_below(&r, 2)) {
                    uint32_t t = from;
                    from = to;
                    to = t;
                }
            } else {
                from = (uint32_t)rng_below(&r, c->n);
                to = (uint32_t)rng_below(&r, c->n - 1);
                to += to >= from;
            }
            enum kind kind = (enum kind)rng_pick_pct(&r, kind_pct, ARRAY_LEN(kind_pct));

            put_date(&o, day_log0 + d);
            put_char(&o, ',');
            put_id(&o, from);
            put_char(&o, ',');
            put_id(&o, to);
            put_char(&o, ',');
            put_str(&o, kinds[kind]);
            put_char(&o, ',');
            switch (kind) {
            case K_REFERRAL: { /* from sends business to what `to` offers */
                put_field(&o, offer(c, to, (unsigned)rng_below(&r, n_offers(c, to))));
                put_char(&o, ',');
                if (rng_below(&r, 100) < 70) {
                    /* 100.00 .. 20000.00, small amounts most likely */
                    uint64_t u = rng_below(&r, 1000);
                    put_cents(&o, 10000 + 1990000 * u * u * u / 1000000000 + rng_below(&r, 100));
                }
                put_char(&o, ',');
                unsigned s = (unsigned)rng_below(&r, 100);
                put_str(&o, s < 50 ? "closed" : s < 80 ? "open" : "lost");
                break;
            }
            case K_INTRO: /* from introduces `to` to someone for a need of theirs */
                put_field(&o, need(c, to, (unsigned)rng_below(&r, n_needs(c, to))));
                put_str(&o, ",,");
                break;
            case K_ASK:
                put_field(&o, need(c, from, (unsigned)rng_below(&r, n_needs(c, from))));
                put_str(&o, ",,");
                break;
            case K_PITCH:
                put_field(&o, offer(c, from, (unsigned)rng_below(&r, n_offers(c, from))));
                put_str(&o, ",,");
                break;
            case K_TOUCH:
                if (rng_below(&r, 2))
                    put_field(&o, RNG_ITEM(&r, touch_about));
                put_str(&o, ",,");
                break;
            case K_MEETING:
                put_field(&o, RNG_ITEM(&r, meeting_about));
                put_str(&o, ",,");
                break;
            case K_THANKS:
                put_field(&o, RNG_ITEM(&r, thanks_about));
                put_str(&o, ",,");
                break;
            case K_GIFT:
                put_field(&o, RNG_ITEM(&r, gift_about));
                put_str(&o, ",,");
                break;
            }
            put_char(&o, '\n');
        }
    }
    out_close(&o);
}

/* ---------------------------------------------------------------------- */
/* Command line                                                             */
/* ---------------------------------------------------------------------- */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: %s --contacts N --ties M [--events E] [--seed S] -o DIR\n"
            "\n"
            "Write a deterministic synthetic referral network into DIR (created if\n"
            "missing): contacts.csv, ties.csv and log.csv.  E defaults to M/10,\n"
            "S to 1.  The same arguments always produce byte-identical files.\n"
            "\n"
            "example: %s --contacts 100000 --ties 1000000 -o /tmp/net\n",
            progname, progname);
}

static void die_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", progname);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    usage(stderr);
    exit(EXIT_USAGE);
}

/* A decimal unsigned integer, digits only, no overflow. */
static uint64_t parse_count(const char *opt, const char *s)
{
    char *end;
    if (!s)
        die_usage("option '%s' needs a value", opt);
    if (*s < '0' || *s > '9')
        die_usage("invalid number '%s'", s);
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        die_usage("invalid number '%s'", s);
    return (uint64_t)v;
}

int main(int argc, char **argv)
{
    uint64_t n = 0, m = 0, e = 0, seed = 1;
    int have_n = 0, have_m = 0, have_e = 0;
    const char *dir = NULL;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *val = NULL;
        char name[32];
        const char *eq = strchr(arg, '=');
        /* --name=value or --name value */
        if (arg[0] == '-' && arg[1] == '-' && eq && (size_t)(eq - arg) < sizeof name) {
            memcpy(name, arg, (size_t)(eq - arg));
            name[eq - arg] = '\0';
            val = eq + 1;
        } else {
            snprintf(name, sizeof name, "%s", arg);
            if (strlen(arg) >= sizeof name)
                die_usage("unknown option '%s'", arg);
        }
#define VALUE() (val ? val : (i + 1 < argc ? argv[++i] : NULL))
        if (!strcmp(name, "-h") || !strcmp(name, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(name, "--contacts")) {
            n = parse_count(name, VALUE());
            have_n = 1;
        } else if (!strcmp(name, "--ties")) {
            m = parse_count(name, VALUE());
            have_m = 1;
        } else if (!strcmp(name, "--events")) {
            e = parse_count(name, VALUE());
            have_e = 1;
        } else if (!strcmp(name, "--seed")) {
            seed = parse_count(name, VALUE());
        } else if (!strcmp(name, "-o") || !strcmp(name, "--output")) {
            dir = VALUE();
            if (!dir || !*dir)
                die_usage("option '%s' needs a directory", name);
        } else {
            die_usage("unknown argument '%s'", arg);
        }
#undef VALUE
    }

    if (!have_n)
        die_usage("missing %s", "--contacts N");
    if (!have_m)
        die_usage("missing %s", "--ties M");
    if (!dir)
        die_usage("missing %s", "-o DIR");
    if (n > INT32_MAX)
        die_usage("--contacts is limited to %s", "2147483647");
    uint64_t max_pairs = n * (n - (n > 0)) / 2;
    if (m > max_pairs)
        die_usage("--ties %" PRIu64 " is more than the %" PRIu64 " possible pairs of %" PRIu64
                  " contacts", m, max_pairs, n);
    if (!have_e)
        e = m / 10;
    if (e > 0 && n < 2)
        die_usage("%s needs at least two contacts", "--events");

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);

    id_width = 1;
    for (uint64_t v = n; v >= 10; v /= 10)
        id_width++;
    dates_init();
    tags_init();
    make_dirs(dir);

    struct contacts c = {(uint32_t)n, xcalloc((size_t)n, TAGS_PER_CONTACT),
                         xcalloc((size_t)n, 1)};
    struct pairset set;
    struct graph g;
    struct tie_stats st;
    write_contacts(&c, dir, seed);
    graph_build(&g, (uint32_t)n, seed);
    write_ties(&g, m, dir, seed, &set, &st);
    write_log(&c, &g, m, e, dir, seed, &set);

    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(stderr,
            "%s: wrote %" PRIu64 " contacts, %" PRIu64 " ties (%.1f%% inside %" PRIu32
            " %s, max degree %" PRIu32 "%s), %" PRIu64 " events to %s in %.1f s\n",
            progname, n, m, m ? 100.0 * (double)st.intra / (double)m : 0.0, g.ncomm,
            g.ncomm == 1 ? "community" : "communities", st.max_degree,
            st.uniform ? ", dense: finished with uniform draws" : "", e, dir, secs);

    graph_release(&g);
    free(set.slot);
    free(c.tags);
    free(c.counts);
    free(day_text);
    return 0;
}
