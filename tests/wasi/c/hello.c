/* Hello world in C (wasi-libc). */
#include <stdio.h>

int main(void) {
    printf("Hello from C!\n");
    return 0;
}
