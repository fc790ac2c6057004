/* Language identification of a document (CLD2 through lang_cld2.cc). */
#include <limits.h>
#include <string.h>

#include "text_int.h"

const char *rpi_cld2_detect(const char *text, int len, int *reliable);

#define CLD2_PAD 8 /* zero bytes after the text given to CLD2 */

const char *rp_detect_language(const char *text, size_t len, int *reliable)
{
    if (reliable) *reliable = 0;
    if (!text || !rp_utf8_check(text, len, NULL)) return ""; /* CLD2 reads past invalid UTF-8 */
    if (len > INT_MAX - CLD2_PAD) len = INT_MAX - CLD2_PAD;
    /* CLD2 also reads a few bytes past the end of valid text: on a buffer that is not
       NUL-terminated it crashed now and then (the text fuzzer, on "...tpi\xDF\x9E"; a known
       CLD2 defect), so it gets a copy followed by zero bytes */
    char *copy = rpi_malloc(len + CLD2_PAD);
    if (!copy) return "";
    memcpy(copy, text, len);
    memset(copy + len, 0, CLD2_PAD);
    const char *lang = rpi_cld2_detect(copy, (int)len, reliable);
    rpi_free(copy);
    return lang;
}
