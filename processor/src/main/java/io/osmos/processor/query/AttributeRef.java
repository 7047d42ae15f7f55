package io.osmos.processor.query;

/**
 * An attribute as a query uses it: its path and how its case is folded.
 *
 * @param path the attribute
 * @param fold {@link CaseFold#NONE} unless the query folds the case
 * @param span where the reference is written, including {@code LOWER(...)} around it
 */
public record AttributeRef(AttributePath path, CaseFold fold, Span span) {
  /** An attribute used as stored. */
  public static AttributeRef of(AttributePath path) {
    return new AttributeRef(path, CaseFold.NONE, path.span());
  }

  /** Whether the case of the value does not take part as stored. */
  public boolean foldsCase() {
    return fold != CaseFold.NONE;
  }

  /** The canonical form: {@code title}, {@code LOWER(title)}, {@code IGNORE_CASE(title)}. */
  @Override
  public String toString() {
    return fold == CaseFold.NONE ? path.dotted() : fold.name() + "(" + path.dotted() + ")";
  }
}
