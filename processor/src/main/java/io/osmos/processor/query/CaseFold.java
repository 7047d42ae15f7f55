package io.osmos.processor.query;

/**
 * How the case of an attribute's text takes part in a comparison or a sort.
 *
 * <p>JDQL writes {@code LOWER(title)} or {@code UPPER(title)}: the attribute's value is folded and
 * the other side is compared as given. A method name writes {@code TitleIgnoreCase}, and Jakarta
 * Data's {@code Sort.ascIgnoreCase}: both sides are compared without regard to case.
 */
public enum CaseFold {
  /** The value as stored. */
  NONE,
  /** JDQL {@code LOWER(attribute)}: the stored value in lower case. */
  LOWER,
  /** JDQL {@code UPPER(attribute)}: the stored value in upper case. */
  UPPER,
  /** {@code IgnoreCase}: both the stored value and the operand, without regard to case. */
  IGNORE_CASE
}
