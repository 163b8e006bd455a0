// ncursesw for Swift 6: wide-character API on, and getters for the macros and
// C globals Swift cannot import or rejects as not concurrency-safe.
#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <ncursesw/curses.h>

static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
static inline void cn_getmaxyx(WINDOW *w, int *y, int *x) { int yy, xx; getmaxyx(w, yy, xx); *y = yy; *x = xx; }
static inline attr_t cn_a_normal(void) { return A_NORMAL; }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_color_pair(int n) { return COLOR_PAIR(n); }
static inline int cn_key_resize(void) { return KEY_RESIZE; }
static inline int cn_key_up(void) { return KEY_UP; }
static inline int cn_key_down(void) { return KEY_DOWN; }
static inline int cn_key_left(void) { return KEY_LEFT; }
static inline int cn_key_right(void) { return KEY_RIGHT; }
static inline int cn_key_enter(void) { return KEY_ENTER; }
static inline int cn_key_backspace(void) { return KEY_BACKSPACE; }
static inline int cn_key_btab(void) { return KEY_BTAB; }
static inline int cn_key_npage(void) { return KEY_NPAGE; }
static inline int cn_key_ppage(void) { return KEY_PPAGE; }
static inline int cn_key_home(void) { return KEY_HOME; }
static inline int cn_key_end(void) { return KEY_END; }
static inline int cn_key_code_yes(void) { return KEY_CODE_YES; }
static inline int cn_err(void) { return ERR; }
static inline void cn_set_escdelay(int ms) { set_escdelay(ms); }
static inline int cn_key_dc(void) { return KEY_DC; }
static inline int cn_ok(void) { return OK; }

/* 1 when the terminfo entry does direct colour: RGB given as a flag, number or string (user_caps(5))
   and 2^24 colours, so a colour number is 0xRRGGBB (xterm-direct, tmux-direct). Call after newterm. */
static inline int cn_direct_color(void) {
    if (COLORS < 0x1000000) return 0;
    if (tigetflag("RGB") > 0 || tigetnum("RGB") > 0) return 1;
    const char *rgb = tigetstr("RGB");
    return rgb != NULL && rgb != (const char *)-1;
}

/* newterm on the process's stdio: unlike initscr it returns NULL instead of exiting.
   type: a terminfo entry's name, NULL for $TERM's. */
static inline SCREEN *cn_newterm(const char *type) { return newterm(type, stdout, stdin); }

/* The tty's size from the kernel: ncurses' own view may lag until the next wgetch. */
static inline int cn_tty_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows = ws.ws_row; *cols = ws.ws_col;
    return 0;
}

/* 1 when the current LC_CTYPE encodes UTF-8 (call after setlocale). */
static inline int cn_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

/* SIGWINCH wake-up: a handler that chains to the handler that was there before (ncurses'
   own, which queues KEY_RESIZE) and then writes one byte to a pipe. Written in C
   because a signal handler may only call async-signal-safe functions.
   Swift emits header globals only through the functions that use them, so the state is a
   function-local static; each object file calling these gets its own copy: call them from
   one Swift file only (Terminal/InputWaker.swift). */
struct cn_winch_state {
    volatile sig_atomic_t fd;
    volatile sig_atomic_t installed;
    struct sigaction previous;
};

static inline struct cn_winch_state *cn_winch(void) {
    static struct cn_winch_state state = { -1, 0 };
    return &state;
}

static void cn_winch_handler(int sig, siginfo_t *info, void *context) {
    int saved = errno;
    struct cn_winch_state *state = cn_winch();
    /* ncurses' handler first: once the pipe is written another thread may already call wgetch,
       and it must find ncurses' resize flag set. */
    if (state->previous.sa_flags & SA_SIGINFO) {
        if (state->previous.sa_sigaction != NULL) state->previous.sa_sigaction(sig, info, context);
    } else if (state->previous.sa_handler != SIG_DFL && state->previous.sa_handler != SIG_IGN) {
        state->previous.sa_handler(sig);
    }
    int fd = state->fd;
    if (fd >= 0) { char byte = 'w'; ssize_t ignored = write(fd, &byte, 1); (void)ignored; }
    errno = saved;
}

/* Installs the chaining handler once; later calls only change the pipe. Returns 0 on success. */
static inline int cn_winch_wakeup_install(int write_fd) {
    struct cn_winch_state *state = cn_winch();
    state->fd = write_fd;
    if (state->installed) return 0;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = cn_winch_handler;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGWINCH, &action, &state->previous) != 0) return -1;
    state->installed = 1;
    return 0;
}

/* Stops writing to the pipe (the handler stays, chaining to ncurses). */
static inline void cn_winch_wakeup_clear(void) { cn_winch()->fd = -1; }
#endif
