package io.osmos.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stores a field through a {@link Converter}: the application sees {@code A}, the store keeps
 * {@code S}, which must be a supported type. The converter needs a public no-argument constructor.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface Convert {
  /** The converter class. */
  Class<? extends Converter<?, ?>> value();
}
