package io.osmos.processor.model;

/** The Osmos annotations that give a field a role. */
public enum Marker {
  KEY("io.osmos.annotations.Key"),
  INDEX("io.osmos.annotations.Index"),
  VERSION("io.osmos.annotations.Version"),
  TIMESTAMP("io.osmos.annotations.Timestamp"),
  TRANSIENT("io.osmos.annotations.Transient"),
  EXTRA("io.osmos.annotations.Extra"),
  FIELD("io.osmos.annotations.Field"),
  CONVERT("io.osmos.annotations.Convert"),
  DEFAULT("io.osmos.annotations.Default");

  private final String annotation;

  Marker(String annotation) {
    this.annotation = annotation;
  }

  public String annotation() {
    return annotation;
  }

  /** {@code @Key}, for messages. */
  public String display() {
    return "@" + annotation.substring(annotation.lastIndexOf('.') + 1);
  }
}
