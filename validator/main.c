/* main.c — the entry point: parse the command line, run the command, exit with its
 * status. Everything else lives in the library so tests can link it. */
#include "check.h"
#include "cli.h"

#include <stdio.h>
#include <string.h>

#ifndef TG_VERSION
#define TG_VERSION "0.0.0"
#endif

int main(int argc, char **argv)
{
    tg_cli c;
    tg_error err = {0};
    if (tg_cli_parse(&c, argc, argv, &err) != TG_OK) {
        fprintf(stderr, "transguard: %s\n", err.message);
        tg_cli_free(&c);
        return 2;
    }
    int status = 0;
    if (strcmp(c.command, "help") == 0)
        tg_cli_help(stdout);
    else if (strcmp(c.command, "version") == 0)
        printf("transguard %s\n", TG_VERSION);
    else if (strcmp(c.command, "rules") == 0)
        status = tg_check_rules(&c);
    else if (strcmp(c.command, "init") == 0)
        status = tg_check_init(&c);
    else if (strcmp(c.command, "explain") == 0)
        status = tg_check_explain(&c);
    else if (strcmp(c.command, "test") == 0)
        status = tg_check_test(&c);
    else
        status = tg_check_run(&c);
    tg_cli_free(&c);
    return status;
}
