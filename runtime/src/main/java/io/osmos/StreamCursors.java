package io.osmos;

import java.util.List;

/**
 * Cursors taken at one point of a stream's log: replay cursors over what is there (log segments, an
 * index range, or the log newest first for a peek) and the change cursor that follows on from
 * exactly that point, so reading both misses nothing and repeats nothing.
 *
 * @param replay cursors to read what is there; several for a partitioned log replay, read them in
 *     parallel
 * @param changes a cursor that reads the records written after the replay cursors were taken
 */
public record StreamCursors(List<String> replay, String changes) {
  public StreamCursors {
    replay = List.copyOf(replay);
  }
}
