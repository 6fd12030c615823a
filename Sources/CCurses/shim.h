#ifndef RETORT_CCURSES_SHIM_H
#define RETORT_CCURSES_SHIM_H
// Wide-character curses: these must be set before <curses.h> is read.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <locale.h>
#include <wchar.h>

// Curses macros that Swift cannot call or read: wrapped as functions.
static inline int retort_screen_rows(WINDOW *w) { return getmaxy(w); }
static inline int retort_screen_cols(WINDOW *w) { return getmaxx(w); }
static inline int retort_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline attr_t retort_attr_bold(void) { return A_BOLD; }
static inline attr_t retort_attr_dim(void) { return A_DIM; }
static inline attr_t retort_attr_italic(void) { return A_ITALIC; }
static inline attr_t retort_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t retort_attr_reverse(void) { return A_REVERSE; }
static inline attr_t retort_attr_blink(void) { return A_BLINK; }
static inline WINDOW *retort_stdscr(void) { return stdscr; }
static inline int retort_colors(void) { return COLORS; }
static inline int retort_color_pairs(void) { return COLOR_PAIRS; }

// Draws `count` wide characters at (y, x) in the given attributes and colour pair.
static inline int retort_put(int y, int x, const wchar_t *text, int count, attr_t attrs, short pair) {
    attr_set(attrs, pair, NULL);
    return mvaddnwstr(y, x, text, count);
}

// Reads one key: returns OK with a character, KEY_CODE_YES with a function key, or ERR.
static inline int retort_read(wint_t *key) { return get_wch(key); }

// The mouse: presses of the first button and the wheel, reported at once (no click delay).
static inline void retort_mouse_on(void) {
    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(0);
}

// After KEY_MOUSE: 1 for a press, 4 for wheel up, 5 for wheel down (0 for anything else),
// with the cell in *y, *x.
static inline int retort_mouse_event(int *y, int *x) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    *y = event.y;
    *x = event.x;
    if (event.bstate & BUTTON4_PRESSED) return 4;
    if (event.bstate & BUTTON5_PRESSED) return 5;
    if (event.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 1;
    return 0;
}

#endif
