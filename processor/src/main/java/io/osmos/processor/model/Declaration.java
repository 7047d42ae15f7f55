package io.osmos.processor.model;

/**
 * How a {@code @Model} or {@code @Embeddable} type is declared: what decides whether generated code
 * can create and read it.
 *
 * @param form class, record, interface, enum or annotation type
 * @param isAbstract whether it is an abstract class
 * @param inner whether it is a nested class that is not static
 * @param local whether it is a local or anonymous class
 * @param isPrivate whether it, or a type it is nested in, is private
 * @param generic whether it declares type parameters
 */
public record Declaration(
    Form form,
    boolean isAbstract,
    boolean inner,
    boolean local,
    boolean isPrivate,
    boolean generic) {
  /** The kinds of type declaration. */
  public enum Form {
    CLASS("a class"),
    RECORD("a record"),
    INTERFACE("an interface"),
    ENUM("an enum"),
    ANNOTATION_TYPE("an annotation type");

    private final String description;

    Form(String description) {
      this.description = description;
    }

    /** {@code an interface}, for messages. */
    public String description() {
      return description;
    }
  }
}
