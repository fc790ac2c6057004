/* libFuzzer: the readers of RSS/Atom feeds, WARC archives and JSONL on any bytes (the
 * first byte picks the kind). */
#include <stdint.h>
#include "rapporti/rapporti.h"

static int on_doc(void *u, const rp_input_doc *d) { (void)u; (void)d; return 0; }
static void on_warn(void *u, const char *w, const char *m) { (void)u; (void)w; (void)m; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static rp_reader *r;
    if (!r) { r = rp_reader_new(); rp_reader_set_callbacks(r, on_doc, on_warn, NULL); }
    if (!size) return 0;
    static const rp_input_kind kinds[] = {RP_INPUT_FEED, RP_INPUT_WARC, RP_INPUT_JSONL, RP_INPUT_AUTO};
    rp_reader_read_buffer(r, "fuzz", (const char *)data + 1, size - 1, kinds[data[0] % 4]);
    return 0;
}
