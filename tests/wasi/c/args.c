/* Prints argc, argv[0]'s file name, the other arguments, and the environment sorted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
    printf("argc %d\n", argc);
    if (argc > 0) {
        const char *slash = strrchr(argv[0], '/');
        printf("argv[0] file name \"%s\"\n", slash ? slash + 1 : argv[0]);
    }
    for (int i = 1; i < argc; i++)
        printf("argv[%d] \"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
    size_t n = 0;
    while (environ[n]) n++;
    char **vars = malloc((n + 1) * sizeof *vars);
    memcpy(vars, environ, n * sizeof *vars);
    qsort(vars, n, sizeof *vars, cmp);
    printf("envc %zu\n", n);
    for (size_t i = 0; i < n; i++) printf("env %s\n", vars[i]);
    const char *home = getenv("HOME");
    printf("getenv HOME %s\n", home ? home : "(unset)");
    free(vars);
    return 0;
}
