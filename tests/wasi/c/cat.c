/* Copies standard input to standard output upper-cased, then reports the counts on
   standard error: lines, bytes, and the read() calls it took (not printed: it varies). */
#include <ctype.h>
#include <stdio.h>

int main(void) {
    char buf[512];
    size_t n, bytes = 0, lines = 0;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
        for (size_t i = 0; i < n; i++) {
            if (buf[i] == '\n') lines++;
            buf[i] = (char)toupper((unsigned char)buf[i]);
        }
        fwrite(buf, 1, n, stdout);
        bytes += n;
    }
    if (ferror(stdin)) {
        perror("read");
        return 1;
    }
    fflush(stdout);
    fprintf(stderr, "%zu lines, %zu bytes\n", lines, bytes);
    return 0;
}
