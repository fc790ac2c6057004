/* Shared by the harnesses that write dictionary files: a private folder per process
 * and a helper that writes one file in it. */
#ifndef RP_FUZZ_FILES_H
#define RP_FUZZ_FILES_H

#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[256];

/* Make /dev/shm/rp-fuzz-NAME-PID (memory: every execution rewrites the files, and on
 * a disk the writes were most of the time), or /tmp/... where there is no /dev/shm,
 * and the given subfolders (NULL-terminated). */
static void make_root(const char *name, const char *const *dirs)
{
    struct stat st;
    const char *base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(root, sizeof root, "%s/rp-fuzz-%s-%d", base, name, (int)getpid());
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

/* Code one text with a loaded dictionary (date may be NULL), its context analysed too;
 * results are dropped. */
static void code_once(const rp_dict *d, const char *lang, const char *text, const char *date)
{
    rp_doc *doc = rp_doc_new();
    rp_coder *c = rp_coder_new(d);
    if (c && date && date[0] == '1') rp_coder_set_complexity(c, 6, 5, 1); /* TABARI's COMPLEX filter, for the
                                                                           foreign harness's 1990s dates */
    rp_doc_set_text(doc, text, strlen(text), 0);
    rp_doc_set_lang(doc, lang);
    if (date) rp_doc_set_date(doc, date);
    rp_context *ctx = rp_context_new(d);
    if (rp_doc_analyze(doc, d) == RP_OK) {
        if (ctx) rp_context_analyze(ctx, doc, c);
        rp_coder_code(c, doc, NULL, NULL);
    }
    rp_context_free(ctx);
    rp_coder_free(c);
    rp_doc_free(doc);
}

#endif
