// glibc's malloc.h: malloc_trim, which Glibc's Swift module does not bring in (FreedMemory).
#include <malloc.h>
