package io.osmos.testkit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Counts the pages of a cursor walk and fails when it makes no progress, so that a driver whose
 * cursors never end fails a test instead of hanging it.
 */
final class CursorWalk {
  private static final int MAX_EMPTY_IN_A_ROW = 3;
  private static final int MAX_PAGES = 100_000;

  private final String what;
  private int pages;
  private int emptyInARow;

  CursorWalk(String what) {
    this.what = what;
  }

  /** Records one page; returns {@code more}, to continue the walk with. */
  boolean page(int items, boolean more) {
    pages++;
    emptyInARow = items == 0 && more ? emptyInARow + 1 : 0;
    if (emptyInARow > MAX_EMPTY_IN_A_ROW) {
      fail(what + ": " + emptyInARow + " empty pages in a row, each with a cursor to more");
    }
    if (pages > MAX_PAGES) {
      fail(what + ": still not at the end after " + MAX_PAGES + " pages");
    }
    return more;
  }

  int pages() {
    return pages;
  }
}
