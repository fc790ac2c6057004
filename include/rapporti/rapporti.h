/* librapporti: read news text and code the political events it reports in CAMEO.
 * This umbrella header declares what every stage shares (return codes, version) and
 * includes the stage headers: text.h -> dict.h -> code.h -> pipeline.h. */
#ifndef RAPPORTI_H
#define RAPPORTI_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define RP_API __attribute__((visibility("default")))
#else
#define RP_API
#endif

#define RP_VERSION "0.1.0"

/* Return codes. Append only; never renumber. */
typedef enum rp_rc {
    RP_OK = 0,        /* success */
    RP_ENOMEM = 1,    /* an allocation failed */
    RP_EIO = 2,       /* a file could not be opened or read */
    RP_EUTF8 = 3,     /* input is not valid UTF-8 */
    RP_EPARSE = 4,    /* a file is malformed (dictionary, JSONL, ...) */
    RP_EINVAL = 5,    /* a bad argument (NULL handle, bad date, ...) */
    RP_ELANG = 6,     /* the language is not supported by the loaded dictionaries */
    RP_ESTOP = 7      /* a callback asked to stop */
} rp_rc;

/* A short English description of rc; never NULL, static storage. */
RP_API const char *rp_strerror(rp_rc rc);

/* The library version, e.g. "0.1.0"; static storage. */
RP_API const char *rp_version(void);

/* Test hook: make the calling thread's (n+1)th allocation from now fail (n = 0 fails
 * the next one); n < 0 turns the hook off. Other threads are not affected; for tests
 * only. */
RP_API void rp_alloc_fail_after(long n);

/* Test hook: how many allocations the library has made in the calling thread since
 * the thread started. */
RP_API long rp_alloc_count(void);

#include "rapporti/text.h"
#include "rapporti/dict.h"
#include "rapporti/code.h"
#include "rapporti/context.h"
#include "rapporti/pipeline.h"
#include "rapporti/ingest.h"
#include "rapporti/store.h"
#include "rapporti/serve.h"

#endif
