// Language detection: a small extern "C" shim over CLD2's C++ API.
#include <cstdio> // compact_lang_det.h uses FILE without including it
#include <cld2/public/compact_lang_det.h>

extern "C" const char *rpi_cld2_detect(const char *text, int len, int *reliable)
{
    bool ok = false;
    CLD2::Language lang = CLD2::DetectLanguage(text, len, true, &ok);
    if (reliable) *reliable = ok ? 1 : 0;
    if (lang == CLD2::UNKNOWN_LANGUAGE) return "";
    return CLD2::LanguageCode(lang);
}
