/* Shared by the harnesses that write dictionary files: a private folder per process
 * and a helper that writes one file in it. */
#ifndef RP_FUZZ_FILES_H
#define RP_FUZZ_FILES_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[256];

/* Make /tmp/rp-fuzz-NAME-PID and the given subfolders (NULL-terminated). */
static void make_root(const char *name, const char *const *dirs)
{
    snprintf(root, sizeof root, "/tmp/rp-fuzz-%s-%d", name, (int)getpid());
    mkdir(root, 0755);
    char p[512];
    for (size_t i = 0; dirs[i]; i++) { snprintf(p, sizeof p, "%s/%s", root, dirs[i]); mkdir(p, 0755); }
}

/* Write n bytes to root/rel. */
static void put(const char *rel, const void *p, size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    fwrite(p, 1, n, f);
    fclose(f);
}

#endif
