/* `exit N`: exit(N) after printing a line (stdio must be flushed); `exit return N`:
   return N from main; `exit abort`: abort() (a trap). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc < 2) return 0;
    printf("exit: %s\n", argv[1]);
    if (strcmp(argv[1], "abort") == 0) abort();
    if (strcmp(argv[1], "return") == 0) return argc > 2 ? atoi(argv[2]) : 0;
    exit(atoi(argv[1]));
}
