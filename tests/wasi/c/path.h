/* path.h: `dir`, the directory a C test program works in (its argument), and `p(name)`,
   the path of `name` inside it (two buffers in turn, so two paths can be used at once). */
#include <stdio.h>

static char dir[256];

static const char *p(const char *name) {
    static char buf[2][512];
    static int which;
    which ^= 1;
    snprintf(buf[which], sizeof buf[which], "%s/%s", dir, name);
    return buf[which];
}
