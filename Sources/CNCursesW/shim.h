#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H

// SwiftPM drops pkg-config's -D_XOPEN_SOURCE=600; without these the wide-character API is missing.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

// What Swift cannot import from the header as it is (macros with arguments, globals it sees as unsafe).
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_a_normal(void) { return A_NORMAL; }
static inline int cn_key_resize(void) { return KEY_RESIZE; }
static inline int cn_key_mouse(void) { return KEY_MOUSE; }
static inline int cn_key_f(int n) { return KEY_F(n); }
static inline mmask_t cn_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline mmask_t cn_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t cn_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t cn_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t cn_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t cn_button5_pressed(void) { return BUTTON5_PRESSED; }

/// Writes one cell: a wide character string (a grapheme's scalars) with attributes and a colour pair.
static inline int cn_put_cell(int y, int x, const wchar_t *text, attr_t attributes, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attributes, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cell);
}

/// Reads one key: returns KEY_CODE_YES for function keys, OK for characters, ERR on timeout.
static inline int cn_get_wch(wint_t *key) { return get_wch(key); }

// A crash or a kill restores the terminal before the process ends. Only async-signal-safe calls: curses itself
// (endwin) may not run in a handler, and can hang there.
static inline int *cn_saved_termios_flag(void) {
    static int valid = 0;
    return &valid;
}

static inline struct termios *cn_saved_termios(int *valid) {
    static struct termios saved;
    if (valid) *valid = *cn_saved_termios_flag();
    return &saved;
}

static void cn_restore_handler(int number) {
    static const char reset[] = "\033[?2004l\033[?1006l\033[?1003l\033[?1002l\033[?1000l\033[0m\033[?25h\033[?1049l";
    if (number != SIGHUP) {  // after a hang-up there is no terminal left to restore
        ssize_t written = write(STDOUT_FILENO, reset, sizeof reset - 1);
        (void)written;
        int valid = 0;
        struct termios *saved = cn_saved_termios(&valid);
        if (valid) tcsetattr(STDIN_FILENO, TCSANOW, saved);
    }
    signal(number, SIG_DFL);
    raise(number);
}

/// Call before initscr: remembers the terminal's modes and installs the handler.
static inline void cn_restore_terminal_on_signals(void) {
    *cn_saved_termios_flag() = tcgetattr(STDIN_FILENO, cn_saved_termios(NULL)) == 0;
    int signals[] = {SIGTERM, SIGHUP, SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE};
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) signal(signals[i], cn_restore_handler);
}

// A resize wakes the UI thread at once. ncurses keeps its own SIGWINCH handler (it notes the new size for the
// next get_wch); the kernel may deliver the signal to any thread, so the one waiting in poll() would only see it at
// its next timeout. This handler runs ncurses' and then writes a byte to the loop's wake pipe (write is
// async-signal-safe).
static inline int *cn_resize_wake_fd(void) {
    static int fd = -1;
    return &fd;
}

static inline struct sigaction *cn_curses_winch_action(void) {
    static struct sigaction action;
    return &action;
}

static void cn_winch_handler(int number) {
    struct sigaction *curses = cn_curses_winch_action();
    if (curses->sa_flags & SA_SIGINFO) {
        if (curses->sa_sigaction) curses->sa_sigaction(number, NULL, NULL);
    } else if (curses->sa_handler != SIG_DFL && curses->sa_handler != SIG_IGN && curses->sa_handler) {
        curses->sa_handler(number);
    }
    int fd = *cn_resize_wake_fd();
    if (fd >= 0) {
        ssize_t written = write(fd, "r", 1);
        (void)written;
    }
}

/// Before the wake pipe is closed.
static inline void cn_stop_wake_on_resize(void) { *cn_resize_wake_fd() = -1; }

/// Call after initscr, with the write end of the loop's (non-blocking) wake pipe.
static inline void cn_wake_on_resize(int fd) {
    *cn_resize_wake_fd() = fd;
    struct sigaction ours;
    sigemptyset(&ours.sa_mask);
    ours.sa_flags = SA_RESTART;
    ours.sa_handler = cn_winch_handler;
    sigaction(SIGWINCH, &ours, cn_curses_winch_action());
}

#endif
