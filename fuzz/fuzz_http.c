/* libFuzzer: the API's query-string parsing and parameter checks (the part of a request
 * that is ours; evhttp parses the request line and headers). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "rapporti/rapporti.h"

int rpi_serve_check_query(const char *name, const char *query, char *err, size_t errlen);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) return 0;
    static const char *const eps[] = {"dyad", "events", "trending", "top", "actors", "event", "nothing"};
    char *q = malloc(size);
    if (!q) return 0;
    memcpy(q, data + 1, size - 1);
    q[size - 1] = '\0';
    char err[256];
    rpi_serve_check_query(eps[data[0] % 7], q, err, sizeof err);
    free(q);
    return 0;
}
