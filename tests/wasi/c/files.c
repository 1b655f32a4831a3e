/* `files DIR`: POSIX file operations through wasi-libc inside DIR (which should start
   empty), one line per step. Leaves exactly `final.txt` behind. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "path.h"

#define STEP(name, ok) do { \
    errno = 0; \
    if (ok) printf("%s: ok\n", name); \
    else printf("%s: failed, %s\n", name, strerror(errno)); \
} while (0)

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path) {
    DIR *d = opendir(path);
    if (!d) {
        printf("list %s: %s\n", path, strerror(errno));
        return;
    }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp);
    printf("list:");
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: files DIR\n");
        return 2;
    }
    snprintf(dir, sizeof dir, "%s", argv[1]);

    FILE *f = fopen(p("a.txt"), "w");
    STEP("fopen w", f != NULL);
    fprintf(f, "line one\nline two\n");
    STEP("fclose", fclose(f) == 0);

    char line[64];
    f = fopen(p("a.txt"), "r+");
    fseek(f, 5, SEEK_SET);
    fgets(line, sizeof line, f);
    printf("after seek 5: %s", line);
    fseek(f, -4, SEEK_END);
    printf("ftell after SEEK_END-4: %ld\n", ftell(f));
    fputs("TWO\n", f);
    fclose(f);

    int fd = open(p("a.txt"), O_RDONLY);
    char buf[64] = {0};
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    printf("pread %zd: %s", n, buf);
    struct stat st;
    fstat(fd, &st);
    printf("fstat size %lld regular %d\n", (long long)st.st_size, S_ISREG(st.st_mode));
    close(fd);

    fd = open(p("a.txt"), O_WRONLY);
    STEP("ftruncate 4", ftruncate(fd, 4) == 0);
    STEP("pwrite at 10", pwrite(fd, "X", 1, 10) == 1);
    close(fd);
    stat(p("a.txt"), &st);
    printf("size after truncate and pwrite: %lld\n", (long long)st.st_size);

    fd = open(p("a.txt"), O_WRONLY | O_CREAT | O_EXCL, 0644);
    printf("O_EXCL on an existing file: %s\n", fd < 0 ? strerror(errno) : "opened");
    fd = open(p("missing"), O_RDONLY);
    printf("open missing: %s\n", fd < 0 ? strerror(errno) : "opened");

    STEP("rename", rename(p("a.txt"), p("b.txt")) == 0);
    printf("access a.txt after rename: %s\n", access(p("a.txt"), F_OK) == 0 ? "exists" : strerror(errno));

    STEP("mkdir d", mkdir(p("d"), 0755) == 0);
    STEP("mkdir d again", mkdir(p("d"), 0755) == 0);
    f = fopen(p("d/x"), "w");
    fputs("x", f);
    fclose(f);
    STEP("rmdir non-empty", rmdir(p("d")) == 0);
    STEP("unlink d/x", unlink(p("d/x")) == 0);
    STEP("rmdir d", rmdir(p("d")) == 0);

    STEP("symlink", symlink("b.txt", p("s")) == 0);
    ssize_t len = readlink(p("s"), buf, sizeof buf - 1);
    buf[len < 0 ? 0 : len] = 0;
    printf("readlink: %s\n", buf);
    lstat(p("s"), &st);
    printf("lstat is link %d\n", S_ISLNK(st.st_mode));
    STEP("link", link(p("b.txt"), p("h")) == 0);
    stat(p("b.txt"), &st);
    printf("nlink %lu\n", (unsigned long)st.st_nlink);

    struct timespec times[2] = {{1000000000, 500}, {1200000000, 600}};
    STEP("utimensat", utimensat(AT_FDCWD, p("b.txt"), times, 0) == 0);
    stat(p("h"), &st);
    printf("mtime %lld.%09ld atime %lld.%09ld\n", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
           (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec);

    list(dir);
    STEP("unlink s", unlink(p("s")) == 0);
    STEP("unlink h", unlink(p("h")) == 0);
    STEP("rename to final.txt", rename(p("b.txt"), p("final.txt")) == 0);
    list(dir);
    return 0;
}
