/* Library-wide: return-code descriptions and the version string. */
#include "rpi.h"

const char *rp_strerror(rp_rc rc)
{
    switch (rc) {
    case RP_OK: return "success";
    case RP_ENOMEM: return "out of memory";
    case RP_EIO: return "input/output error";
    case RP_EUTF8: return "invalid UTF-8";
    case RP_EPARSE: return "malformed input";
    case RP_EINVAL: return "invalid argument";
    case RP_ELANG: return "unsupported language";
    case RP_ESTOP: return "stopped by callback";
    }
    return "unknown error";
}

const char *rp_version(void) { return RP_VERSION; }
