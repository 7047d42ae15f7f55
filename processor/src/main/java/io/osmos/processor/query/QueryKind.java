package io.osmos.processor.query;

/** What a query does with the entities its condition selects. */
public enum QueryKind {
  /** Returns the entities, or one attribute of each ({@code SELECT title}). */
  FIND,
  /** Returns how many entities match ({@code SELECT COUNT(THIS)}, {@code countBy...}). */
  COUNT,
  /** Returns whether any entity matches ({@code existsBy...}). */
  EXISTS,
  /** Removes the entities that match ({@code DELETE FROM}, {@code deleteBy...}). */
  DELETE,
  /** Changes attributes of the entities that match ({@code UPDATE ... SET}). */
  UPDATE
}
