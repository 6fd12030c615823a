#ifndef RETORT_CCURSES_SHIM_H
#define RETORT_CCURSES_SHIM_H
// Wide-character curses: these must be set before <curses.h> is read.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <locale.h>

// getmaxyx and COLOR_PAIR are macros in C, which Swift cannot call: wrap them.
static inline int retort_screen_rows(WINDOW *w) { return getmaxy(w); }
static inline int retort_screen_cols(WINDOW *w) { return getmaxx(w); }
static inline int retort_color_pair(int n) { return (int)COLOR_PAIR(n); }

#endif
