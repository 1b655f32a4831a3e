/* `open DIR`: open(2) flags, lseek, pwrite with O_APPEND, fopen modes, readdir inodes
   and stat through wasi-libc, one line per check. DIR is a preopened directory that
   starts empty, and is left empty. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path.h"

/* The content of `name`, or "(missing)"; in a static buffer. */
static const char *content(const char *name) {
    static char buf[128];
    int fd = open(p(name), O_RDONLY);
    if (fd < 0) return errno == ENOENT ? "(missing)" : strerror(errno);
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n < 0 ? 0 : n] = 0;
    return buf;
}

static void make(const char *name, const char *text) {
    int fd = open(p(name), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
        printf("setup %s: %s\n", name, strerror(errno));
        exit(1);
    }
    close(fd);
}

static const char *result(long r) {
    static char buf[2][64];
    static int which;
    which ^= 1;
    if (r < 0) return strerror(errno);
    snprintf(buf[which], sizeof buf[which], "%ld", r);
    return buf[which];
}

/* The official suite's pwrite-with-append, as a report. */
static void pwrite_with_append(void) {
    char buf[4] = "abc";
    int fd = open(p("append"), O_CREAT | O_TRUNC | O_WRONLY | O_APPEND, 0644);
    printf("open O_CREAT|O_TRUNC|O_WRONLY|O_APPEND: %s\n", fd < 0 ? strerror(errno) : "ok");
    if (fd < 0) return;
    printf("  write 2: %s\n", result(write(fd, buf, 2)));
    printf("  lseek SET 0: %s\n", result(lseek(fd, 0, SEEK_SET)));
    printf("  write 2 more: %s\n", result(write(fd, buf, 2)));
    printf("  lseek CUR 0: %s\n", result(lseek(fd, 0, SEEK_CUR)));
    printf("  pwrite 3 at 0: %s\n", result(pwrite(fd, buf, 3, 0)));
    printf("  lseek CUR 0 after pwrite: %s\n", result(lseek(fd, 0, SEEK_CUR)));
    off_t end = lseek(fd, 0, SEEK_END);
    printf("  lseek END 0 is 4 or 7: %s\n", end == 4 || end == 7 ? "yes" : result(end));
    printf("  fcntl O_APPEND: %s\n", (fcntl(fd, F_GETFL) & O_APPEND) ? "set" : "clear");
    close(fd);
    /* Opening again with O_TRUNC|O_APPEND empties it, and appends. */
    fd = open(p("append"), O_TRUNC | O_WRONLY | O_APPEND);
    printf("open O_TRUNC|O_WRONLY|O_APPEND of it: %s\n", fd < 0 ? strerror(errno) : "ok");
    if (fd >= 0) {
        lseek(fd, 0, SEEK_SET);
        printf("  write: %s, content %s\n", result(write(fd, "xy", 2)), content("append"));
        close(fd);
    }
    unlink(p("append"));
}

static const struct {
    int flag;
    const char *name;
} extras[] = {{O_CREAT, "O_CREAT"}, {O_EXCL, "O_EXCL"}, {O_TRUNC, "O_TRUNC"}, {O_APPEND, "O_APPEND"}};

/* Every access mode with every subset of O_CREAT, O_EXCL, O_TRUNC, O_APPEND, on a
   missing name and on a file holding "old": what open gave, what a write at offset 0
   (not for O_RDONLY) and a read from 0 then did, and the content after. */
static void open_matrix(void) {
    static const struct {
        int mode;
        const char *name;
    } modes[] = {{O_RDONLY, "O_RDONLY"}, {O_WRONLY, "O_WRONLY"}, {O_RDWR, "O_RDWR"}};
    for (int target = 0; target < 2; target++) {
        for (unsigned m = 0; m < 3; m++) {
            for (int set = 0; set < 16; set++) {
                unlink(p("t"));
                if (target) make("t", "old");
                int flags = modes[m].mode;
                char line[256];
                int at = snprintf(line, sizeof line, "%s %s", target ? "file" : "missing", modes[m].name);
                for (int i = 0; i < 4; i++)
                    if (set & (1 << i)) {
                        flags |= extras[i].flag;
                        at += snprintf(line + at, sizeof line - at, "|%s", extras[i].name);
                    }
                errno = 0;
                int fd = open(p("t"), flags, 0644);
                if (fd < 0) {
                    printf("%s: %s -> %s\n", line, strerror(errno), content("t"));
                    continue;
                }
                const char *w = "-";
                if (modes[m].mode != O_RDONLY) {
                    lseek(fd, 0, SEEK_SET);
                    w = result(write(fd, "new", 3));
                }
                char buf[16] = {0};
                lseek(fd, 0, SEEK_SET);
                ssize_t n = read(fd, buf, sizeof buf - 1);
                printf("%s: ok, append %s, write %s, read %s%s%s -> %s\n", line,
                       (fcntl(fd, F_GETFL) & O_APPEND) ? "set" : "clear", w, n < 0 ? strerror(errno) : "\"",
                       n < 0 ? "" : buf, n < 0 ? "" : "\"", content("t"));
                close(fd);
            }
        }
    }
    unlink(p("t"));
    /* O_DIRECTORY. */
    make("f", "x");
    mkdir(p("d"), 0755);
    static const char *names[] = {"missing", "f", "d"};
    for (int i = 0; i < 3; i++) {
        for (unsigned m = 0; m < 3; m++) {
            errno = 0;
            int fd = open(p(names[i]), modes[m].mode | O_DIRECTORY);
            printf("%s %s|O_DIRECTORY: %s\n", names[i], modes[m].name, fd < 0 ? strerror(errno) : "ok");
            if (fd >= 0) close(fd);
        }
        errno = 0;
        int fd = open(p(names[i]), O_RDONLY | O_CREAT | O_EXCL, 0644);
        printf("%s O_CREAT|O_EXCL: %s\n", names[i], fd < 0 ? strerror(errno) : "ok");
        if (fd >= 0) close(fd);
    }
    unlink(p("missing"));
}

/* fopen's modes on a missing name and on a file. */
static void fopen_modes(void) {
    static const char *modes[] = {"r", "r+", "w", "w+", "a", "a+", "wx", "rb", "ab"};
    for (int target = 0; target < 2; target++) {
        for (unsigned i = 0; i < sizeof modes / sizeof *modes; i++) {
            unlink(p("fo"));
            if (target) make("fo", "old");
            errno = 0;
            FILE *f = fopen(p("fo"), modes[i]);
            if (!f) {
                printf("fopen %s \"%s\": %s -> %s\n", target ? "file" : "missing", modes[i], strerror(errno),
                       content("fo"));
                continue;
            }
            int w = fputs("new", f);
            int fl = fflush(f);
            rewind(f);
            char buf[16] = {0};
            size_t n = fread(buf, 1, sizeof buf - 1, f);
            buf[n] = 0;
            fclose(f);
            printf("fopen %s \"%s\": ok, write %s, read \"%s\" -> %s\n", target ? "file" : "missing", modes[i],
                   w < 0 || fl != 0 ? "failed" : "ok", buf, content("fo"));
        }
    }
    unlink(p("fo"));
}

/* lseek through stdio buffering, as the official suite's lseek test. */
static void seeking(void) {
    make("seek.txt", "01234567");
    FILE *f = fopen(p("seek.txt"), "r");
    char buf[8];
    int fd = fileno(f);
    printf("fread 4: %zu\n", fread(buf, 1, 4, f));
    printf("lseek CUR 0: %s\n", result(lseek(fd, 0, SEEK_CUR)));
    printf("lseek SET 2: %s\n", result(lseek(fd, 2, SEEK_SET)));
    printf("lseek END 0: %s\n", result(lseek(fd, 0, SEEK_END)));
    printf("lseek END -8: %s\n", result(lseek(fd, -8, SEEK_END)));
    printf("lseek END -9: %s\n", result(lseek(fd, -9, SEEK_END)));
    printf("lseek CUR -1: %s\n", result(lseek(fd, -1, SEEK_CUR)));
    printf("lseek END 100: %s\n", result(lseek(fd, 100, SEEK_END)));
    printf("read there: %s\n", result(read(fd, buf, 8)));
    fclose(f);
    printf("lseek of a closed fd: %s\n", result(lseek(fd, 0, SEEK_SET)));
    printf("lseek of stdout: %s\n", result(lseek(1, 0, SEEK_CUR)));
    unlink(p("seek.txt"));
}

/* readdir's d_ino is fstatat's st_ino; two files share st_dev, not st_ino. */
static void inodes(void) {
    make("file-0", "0");
    make("file-1", "1");
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    DIR *d = fdopendir(dfd);
    struct dirent *e;
    int files = 0, same = 0;
    ino_t ino[2] = {0, 0};
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        struct stat st;
        if (fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && st.st_ino == e->d_ino) same++;
        if (files < 2) ino[files] = e->d_ino;
        files++;
    }
    closedir(d);
    printf("readdir: %d files, %d with d_ino == st_ino, inodes differ %s\n", files, same,
           ino[0] != ino[1] ? "yes" : "no");
    struct stat a, b;
    int fa = open(p("file-0"), O_RDONLY), fb = open(p("file-1"), O_RDONLY);
    if (fstat(fa, &a) == 0 && fstat(fb, &b) == 0)
        printf("fstat: same st_dev %s, different st_ino %s, st_nlink %lu\n", a.st_dev == b.st_dev ? "yes" : "no",
               a.st_ino != b.st_ino ? "yes" : "no", (unsigned long)a.st_nlink);
    close(fa);
    close(fb);
    unlink(p("file-0"));
    unlink(p("file-1"));
    unlink(p("f"));
    rmdir(p("d"));
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: open DIR\n");
        return 2;
    }
    snprintf(dir, sizeof dir, "%s", argv[1]);
    pwrite_with_append();
    open_matrix();
    fopen_modes();
    seeking();
    inodes();
    return 0;
}
