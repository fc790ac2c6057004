/* Language identification of a document (CLD2 through lang_cld2.cc). */
#include <limits.h>

#include "text_int.h"

const char *rpi_cld2_detect(const char *text, int len, int *reliable);

const char *rp_detect_language(const char *text, size_t len, int *reliable)
{
    if (!text || !rp_utf8_check(text, len, NULL)) return ""; /* CLD2 reads past invalid UTF-8 */
    if (len > INT_MAX) len = INT_MAX;
    return rpi_cld2_detect(text, (int)len, reliable);
}
