package io.osmos.processor.query;

import java.util.List;

/**
 * A path to an attribute of the entity, such as {@code title} or {@code address.city}: each segment
 * names an attribute of the type the previous one leads to. The parser does not check the names; a
 * {@link PlanVisitor} resolves them against the model.
 *
 * @param segments the attribute names, at least one
 * @param span where the whole path is written
 */
public record AttributePath(List<String> segments, Span span) {
  /**
   * The one segment of the path JDQL writes {@code id(this)}: the entity's identifier, whatever its
   * attribute is called. It cannot clash with an attribute name, which is a Java identifier.
   */
  public static final String IDENTIFIER = "id(this)";

  /** Copies the segments and checks there is at least one. */
  public AttributePath {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("an attribute path needs at least one name");
    }
  }

  /** A path of dot-separated names, for plans read from method names and for tests. */
  public static AttributePath of(String dotted, Span span) {
    return new AttributePath(List.of(dotted.split("\\.", -1)), span);
  }

  /** The path of JDQL's {@code id(this)}: the entity's identifier. */
  public static AttributePath identifier(Span span) {
    return new AttributePath(List.of(IDENTIFIER), span);
  }

  /** Whether this is {@code id(this)}, the entity's identifier, rather than a named attribute. */
  public boolean isIdentifier() {
    return segments.size() == 1 && segments.get(0).equals(IDENTIFIER);
  }

  /** The path as written in JDQL: the segments joined with dots. */
  public String dotted() {
    return String.join(".", segments);
  }

  /** The canonical form: {@link #dotted()}. */
  @Override
  public String toString() {
    return dotted();
  }
}
