package io.osmos.processor.model;

/**
 * How generated code reads or writes a field.
 *
 * @param kind the mechanism
 * @param name the method or field name
 */
public record Access(Kind kind, String name) {
  /** The mechanisms. */
  public enum Kind {
    /** A record accessor {@code m.name()}. */
    ACCESSOR,
    /** A getter {@code m.getName()} / {@code m.isName()}. */
    GETTER,
    /** A setter {@code m.setName(v)}. */
    SETTER,
    /** Direct field access {@code m.name}. */
    FIELD,
    /** A record's canonical constructor. */
    CONSTRUCTOR
  }
}
