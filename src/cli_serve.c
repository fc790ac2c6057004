/* rapporti serve: the JSON API and the dashboard over a store. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rapporti/serve.h"

#ifndef RP_WEB_DIR
#define RP_WEB_DIR "web"
#endif

static volatile int serve_stop;
static void on_signal(int sig) { (void)sig; serve_stop = 1; }

static void on_ready(void *user, const char *host, int port)
{
    (void)user;
    fprintf(stderr, "rapporti: serving http://%s:%d/ (API under /api/); Ctrl-C stops\n", host, port);
    fflush(stderr);
}

int cli_serve(int argc, char **argv)
{
    static const struct option longs[] = {{"db", required_argument, 0, 'B'}, {"listen", required_argument, 0, 'L'},
                                          {"web", required_argument, 0, 'W'}, {"no-web", no_argument, 0, 'N'},
                                          {"dict", required_argument, 0, 'D'}, {"timeout", required_argument, 0, 'T'},
                                          {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    const char *db = NULL, *listen = "127.0.0.1:8080", *web = NULL, *dict = NULL;
    int no_web = 0;
    long timeout = 10;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
        switch (c) {
        case 'B': db = optarg; break;
        case 'L': listen = optarg; break;
        case 'W': web = optarg; break;
        case 'N': no_web = 1; break;
        case 'D': dict = optarg; break;
        case 'T': {
            char *e;
            timeout = strtol(optarg, &e, 10);
            if (*e || timeout < 1 || timeout > 3600) { fprintf(stderr, "rapporti serve: bad --timeout '%s'\n", optarg); return EXIT_USAGE; }
            break;
        }
        case 'h':
            printf("Usage: rapporti serve [--db PATH|URL] [--listen HOST:PORT] [--web DIR | --no-web]\n"
                   "A read-only JSON API over the store and the web dashboard. Binds 127.0.0.1:8080 by\n"
                   "default (port 0 picks a free one). API: /api/dyad?source=RUS&target=CHN&by=month,\n"
                   "/api/events?source=&target=&root=&quad=&code=&from=&to=&limit=&offset=&lang=,\n"
                   "/api/event?source=&target=&from=&code= (the mentions of one event), /api/trending,\n"
                   "/api/top, /api/actors/RUS, /api/documents/ID, /api/dict. GET and HEAD only;\n"
                   "headers up to 8 KiB, no bodies, --timeout SEC per connection (default 10); every\n"
                   "parameter checked. Stops on SIGINT or SIGTERM.\n");
            return EXIT_OK;
        default: return EXIT_USAGE;
        }
    }
    if (optind != argc) { fprintf(stderr, "rapporti serve: unexpected argument '%s'\n", argv[optind]); return EXIT_USAGE; }
    char host[256];
    const char *colon = strrchr(listen, ':');
    char *end;
    long port = colon ? strtol(colon + 1, &end, 10) : -1;
    if (!colon || colon == listen || *end || port < 0 || port > 65535 || (size_t)(colon - listen) >= sizeof host) {
        fprintf(stderr, "rapporti serve: bad --listen '%s' (HOST:PORT)\n", listen);
        return EXIT_USAGE;
    }
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    if (host[0] == '[') { memmove(host, host + 1, strlen(host)); host[strcspn(host, "]")] = '\0'; }
    rp_dict *d = cli_load_dict(cli_dict_dir(dict), NULL);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    rp_serve_opts o = {.db = cli_db_default(db), .host = host, .port = (int)port,
                       .web_dir = no_web ? NULL : web ? web : RP_WEB_DIR, .dict = d, .on_ready = on_ready,
                       .stop = &serve_stop, .timeout_s = (int)timeout};
    char err[512];
    rp_rc rc = rp_serve(&o, err, sizeof err);
    if (rc) fprintf(stderr, "rapporti: %s\n", err);
    rp_dict_free(d);
    return rc ? EXIT_FAIL : EXIT_OK;
}
