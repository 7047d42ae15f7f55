package io.osmos.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The name a field is stored under, when it differs from the Java name, and the names it was stored
 * under before a rename.
 *
 * <pre>{@code
 * @Field(name = "fullName", aliases = {"name"}) String fullName
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface Field {
  /**
   * Stored name: {@code [A-Za-z_][A-Za-z0-9_]{0,62}}; empty (the default) stores the field under
   * its Java name.
   */
  String name() default "";

  /**
   * Former stored names: a stored document that has the field under one of them is read as if it
   * had it under {@link #name()}; the field is always written under {@link #name()}, so the next
   * save of a document moves its value. When a document holds both, the current name wins. Each
   * alias is a valid stored name that no other field of the type uses as its name or alias.
   */
  String[] aliases() default {};
}
