package io.osmos.processor.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One field of a model or embeddable (a record component, or a class field with its accessors).
 *
 * @param name the Java name
 * @param storedName the name in the store ({@code @Field(name)}, else the Java name)
 * @param origin where to report problems with the field as a whole
 * @param storedNameOrigin where the stored name is given ({@code @Field(name)}), or null
 * @param declaredType the declared type as users write it: {@code List<String>}, {@code int}
 * @param type what the type is to Osmos, with the constraints written on type arguments
 * @param read how generated code reads it, or null when it cannot
 * @param write how generated code sets it, or null when it cannot
 * @param markers the Osmos annotations on it, each with every place it was found
 * @param constraints the constraints on the field itself
 * @param aliases the former stored names ({@code @Field(aliases)}), in the order written
 * @param aliasesOrigin where the aliases are given, or null
 * @param defaultText the value of {@code @Default}, or null when the field has none
 * @param defaultOrigin where that value is given, or null
 */
public record PropertyInfo(
    String name,
    String storedName,
    Origin origin,
    Origin storedNameOrigin,
    String declaredType,
    TypeUse type,
    Access read,
    Access write,
    Map<Marker, List<Origin>> markers,
    List<ConstraintInfo> constraints,
    List<String> aliases,
    Origin aliasesOrigin,
    String defaultText,
    Origin defaultOrigin) {
  public PropertyInfo {
    aliases = List.copyOf(aliases);
    EnumMap<Marker, List<Origin>> copy = new EnumMap<>(Marker.class);
    markers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    markers = copy;
    constraints = List.copyOf(constraints);
  }

  public boolean has(Marker marker) {
    return markers.containsKey(marker);
  }

  /** The first place {@code marker} was found; null when absent. */
  public Origin marker(Marker marker) {
    List<Origin> list = markers.get(marker);
    return list == null ? null : list.get(0);
  }

  /** Whether the field is written to the store as a declared field. */
  public boolean stored() {
    return !has(Marker.TRANSIENT) && !has(Marker.EXTRA);
  }

  /** The type with any {@code Optional} unwrapped: what queries and patches take. */
  public TypeInfo valueType() {
    return type.type() instanceof TypeInfo.OptionalOf o ? o.value().type() : type.type();
  }

  /**
   * The value checks run on, with every constraint that applies to it: the field's type with an
   * {@code Optional} unwrapped (its value is what is checked), and the constraints on the field and
   * on the Optional's value.
   */
  public TypeUse checkedUse() {
    if (type.type() instanceof TypeInfo.OptionalOf o) {
      List<ConstraintInfo> cs = new ArrayList<>(constraints);
      cs.addAll(o.value().constraints());
      return new TypeUse(o.value().type(), cs);
    }
    return new TypeUse(type.type(), constraints);
  }

  /** Whether the field is an {@code Optional}. */
  public boolean optional() {
    return type.type() instanceof TypeInfo.OptionalOf;
  }

  /** Whether the field is a {@code boolean} or {@code Boolean}. */
  public boolean bool() {
    return type.type() instanceof TypeInfo.Scalar s && s.kind() == ScalarKind.BOOLEAN;
  }

  /** Whether the field is a primitive. */
  public boolean primitive() {
    return type.type().typeName().isPrimitive();
  }

  /** Whether a null may be stored: not for primitives and fields that must not be null. */
  public boolean nullable() {
    if (primitive()) {
      return false;
    }
    for (ConstraintInfo c : constraints) {
      if (c.kind().rejectsNull()) {
        return false;
      }
    }
    return true;
  }

  /** Whether the field declares {@code @Default}. */
  public boolean hasDefault() {
    return defaultText != null;
  }

  /**
   * Whether a stored document must hold a value for the field: a primitive or a field that must not
   * be null, without {@code @Default}.
   */
  public boolean required() {
    return !hasDefault() && !optional() && !nullable();
  }

  /** The name with its first letter in upper case: {@code email} gives {@code Email}. */
  public String capitalized() {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /**
   * The name's hash: consistent with the record's equality (equal properties have equal names), and
   * cheap for the writers' maps keyed by property, where the generated hash would walk the type
   * mirror, the markers and every constraint of the field.
   */
  @Override
  public int hashCode() {
    return name.hashCode();
  }
}
