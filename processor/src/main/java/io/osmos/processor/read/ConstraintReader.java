package io.osmos.processor.read;

import io.osmos.processor.model.AnnotationValues;
import io.osmos.processor.model.ConstraintInfo;
import io.osmos.processor.model.ConstraintKind;
import io.osmos.processor.model.Origin;
import io.osmos.processor.model.ValidatorInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Turns constraint annotations ({@code jakarta.validation.constraints.*}, {@code @OneOf},
 * {@code @Validate}) into {@link ConstraintInfo}s, matching them by qualified name. Messages are
 * resolved here, once: Jakarta's default text, or the user's with {@code {min}}-style tokens
 * replaced.
 */
final class ConstraintReader {
  private static final String VALIDATOR = "io.osmos.annotations.Validator";

  private final Annotations annotations;
  private final Elements elements;
  private final Types types;
  private final NamedClassReader classes;

  ConstraintReader(
      Annotations annotations, Elements elements, Types types, NamedClassReader classes) {
    this.annotations = annotations;
    this.elements = elements;
    this.types = types;
    this.classes = classes;
  }

  /**
   * The constraints among {@code mirrors}, reported at {@code element}. Later occurrences of an
   * annotation type already in {@code seen} are skipped (a record component's annotation is seen on
   * its field, accessor and constructor parameter alike).
   *
   * @param packageName the package generated code lives in
   * @param value the declared type of the constrained value, for {@code @Validate}; null when there
   *     is none (a container's elements)
   */
  List<ConstraintInfo> read(
      List<? extends AnnotationMirror> mirrors,
      Element element,
      Set<String> seen,
      String packageName,
      TypeMirror value) {
    List<ConstraintInfo> out = new ArrayList<>();
    for (AnnotationMirror m : mirrors) {
      String name = Annotations.nameOf(m);
      ConstraintKind kind = ConstraintKind.forAnnotation(name);
      if (kind == null && !isJakartaConstraint(m)) {
        continue;
      }
      if (!seen.add(name)) {
        continue;
      }
      out.add(
          constraint(
              kind == null ? ConstraintKind.UNSUPPORTED : kind,
              name,
              m,
              element,
              packageName,
              value));
    }
    return out;
  }

  /** The constraints written on a type use ({@code List<@Email String>}). */
  List<ConstraintInfo> readTypeUse(TypeMirror type, Element element, String packageName) {
    return read(type.getAnnotationMirrors(), element, new LinkedHashSet<>(), packageName, null);
  }

  private boolean isJakartaConstraint(AnnotationMirror m) {
    TypeElement type = (TypeElement) m.getAnnotationType().asElement();
    PackageElement pkg = elements.getPackageOf(type);
    return pkg.getQualifiedName().contentEquals(ConstraintKind.JAKARTA_PACKAGE);
  }

  private ConstraintInfo constraint(
      ConstraintKind kind,
      String annotation,
      AnnotationMirror m,
      Element element,
      String packageName,
      TypeMirror value) {
    Origin origin = Origin.of(element, m);
    Map<String, Origin> explicit = new HashMap<>();
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        m.getElementValues().entrySet()) {
      explicit.put(e.getKey().getSimpleName().toString(), origin.at(e.getValue()));
    }
    if (kind == ConstraintKind.UNSUPPORTED) {
      return new ConstraintInfo(
          kind, annotation, origin, explicit, "", ConstraintKind.Attributes.NONE, null);
    }
    AnnotationValues values = annotations.of(m);
    ConstraintKind.Attributes attributes = kind.read(values);
    ValidatorInfo validator =
        kind == ConstraintKind.VALIDATE
            ? validator(annotations.type(m, "value"), packageName, value)
            : null;
    return new ConstraintInfo(
        kind,
        annotation,
        origin,
        explicit,
        kind.message(attributes, values),
        attributes,
        validator);
  }

  /** What {@code @Validate(v)} names, and whether it takes values of {@code value}'s type. */
  ValidatorInfo validator(TypeMirror v, String packageName, TypeMirror value) {
    if (!(v instanceof DeclaredType dv) || !(dv.asElement() instanceof TypeElement te)) {
      return new ValidatorInfo(null, null, true);
    }
    List<? extends TypeMirror> args = classes.arguments(te.asType(), VALIDATOR);
    TypeMirror checked = args == null || args.isEmpty() ? null : args.get(0);
    if (!(checked instanceof DeclaredType) && !(checked instanceof ArrayType)) {
      checked = null;
    }
    boolean fits =
        value == null
            || checked == null
            || types.isAssignable(types.erasure(classes.boxed(value)), types.erasure(checked));
    return new ValidatorInfo(
        classes.read(te, packageName), checked == null ? null : TypeReader.display(checked), fits);
  }
}
