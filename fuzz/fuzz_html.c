/* libFuzzer: HTML article extraction. */
#include <stdint.h>
#include "rapporti/rapporti.h"

static rp_extractor *x;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!x) x = rp_extractor_new();
    rp_input_doc d;
    rp_extract_html(x, (const char *)data, size, "https://example.org/a", &d);
    return 0;
}
