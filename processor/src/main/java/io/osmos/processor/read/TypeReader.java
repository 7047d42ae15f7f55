package io.osmos.processor.read;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import io.osmos.processor.model.EmbeddableLink;
import io.osmos.processor.model.Origin;
import io.osmos.processor.model.ScalarKind;
import io.osmos.processor.model.TypeInfo;
import io.osmos.processor.model.TypeUse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/** Turns a field's {@link TypeMirror} into a {@link TypeInfo}, keeping unsupported shapes. */
final class TypeReader {
  static final String EMBEDDABLE = "io.osmos.annotations.Embeddable";
  static final String CONVERTER = "io.osmos.annotations.Converter";

  private static final Map<String, ScalarKind> SCALARS =
      Map.ofEntries(
          Map.entry("java.lang.String", ScalarKind.STRING),
          Map.entry("java.lang.Boolean", ScalarKind.BOOLEAN),
          Map.entry("java.lang.Byte", ScalarKind.BYTE),
          Map.entry("java.lang.Short", ScalarKind.SHORT),
          Map.entry("java.lang.Integer", ScalarKind.INT),
          Map.entry("java.lang.Long", ScalarKind.LONG),
          Map.entry("java.lang.Float", ScalarKind.FLOAT),
          Map.entry("java.lang.Double", ScalarKind.DOUBLE),
          Map.entry("java.lang.Character", ScalarKind.CHAR),
          Map.entry("java.math.BigDecimal", ScalarKind.DECIMAL),
          Map.entry("java.math.BigInteger", ScalarKind.BIG_INTEGER),
          Map.entry("java.util.UUID", ScalarKind.UUID),
          Map.entry("java.time.Instant", ScalarKind.INSTANT),
          Map.entry("java.time.LocalDate", ScalarKind.LOCAL_DATE),
          Map.entry("java.time.LocalDateTime", ScalarKind.LOCAL_DATE_TIME),
          Map.entry("java.time.Duration", ScalarKind.DURATION));

  private final Types types;
  private final ConstraintReader constraints;
  private final NamedClassReader classes;
  private final Function<TypeElement, EmbeddableLink> links;

  /**
   * @param links gives the edge to a nested embeddable, which the caller binds once it has read it
   */
  TypeReader(
      Types types,
      ConstraintReader constraints,
      NamedClassReader classes,
      Function<TypeElement, EmbeddableLink> links) {
    this.types = types;
    this.constraints = constraints;
    this.classes = classes;
    this.links = links;
  }

  /**
   * Reads a field's type. Constraints on type arguments are reported at {@code element}; the
   * field's own constraints are read separately.
   *
   * @param packageName the package generated code lives in
   */
  TypeInfo read(TypeMirror type, Element element, String packageName) {
    return read(type, element, packageName, true);
  }

  /** Reads the type of a field with {@code @Convert}: the converter and the type it stores. */
  TypeInfo converted(
      TypeMirror fieldType,
      TypeElement converter,
      Origin origin,
      Element element,
      String packageName) {
    TypeMirror app = null;
    TypeMirror stored = null;
    List<? extends TypeMirror> args = classes.arguments(converter.asType(), CONVERTER);
    if (args != null && args.size() == 2) {
      app = concrete(args.get(0));
      stored = concrete(args.get(1));
    }
    TypeUse storedUse =
        stored == null ? null : TypeUse.of(read(stored, element, packageName, false));
    TypeMirror boxedField = classes.boxed(fieldType);
    return new TypeInfo.Converted(
        typeName(fieldType),
        classes.read(converter, packageName),
        app == null ? null : display(app),
        stored == null ? null : display(stored),
        storedUse,
        app != null && types.isSameType(boxedField, app),
        display(boxedField),
        origin);
  }

  private TypeMirror concrete(TypeMirror t) {
    return t.getKind() == TypeKind.DECLARED
            || t.getKind() == TypeKind.ARRAY
            || t.getKind().isPrimitive()
        ? t
        : null;
  }

  private TypeInfo read(TypeMirror type, Element element, String packageName, boolean topLevel) {
    TypeKind kind = type.getKind();
    switch (kind) {
      case BOOLEAN:
        return new TypeInfo.Scalar(ScalarKind.BOOLEAN, true);
      case BYTE:
        return new TypeInfo.Scalar(ScalarKind.BYTE, true);
      case SHORT:
        return new TypeInfo.Scalar(ScalarKind.SHORT, true);
      case INT:
        return new TypeInfo.Scalar(ScalarKind.INT, true);
      case LONG:
        return new TypeInfo.Scalar(ScalarKind.LONG, true);
      case CHAR:
        return new TypeInfo.Scalar(ScalarKind.CHAR, true);
      case FLOAT:
        return new TypeInfo.Scalar(ScalarKind.FLOAT, true);
      case DOUBLE:
        return new TypeInfo.Scalar(ScalarKind.DOUBLE, true);
      case ARRAY:
        if (((ArrayType) type).getComponentType().getKind() == TypeKind.BYTE) {
          return new TypeInfo.Scalar(ScalarKind.BYTES, false);
        }
        return unsupported(type, "arrays other than byte[] are not supported; use a List");
      case DECLARED:
        return declared((DeclaredType) type, element, packageName, topLevel);
      case ERROR:
        return unsupported(type, "it could not be resolved");
      case TYPEVAR:
        return unsupported(type, "type variables are not supported");
      case WILDCARD:
        return unsupported(type, "wildcards are not supported; name the type");
      default:
        return unsupported(type, "it is not a data type");
    }
  }

  private TypeInfo declared(
      DeclaredType type, Element element, String packageName, boolean topLevel) {
    TypeElement te = (TypeElement) type.asElement();
    String qn = te.getQualifiedName().toString();
    ScalarKind scalar = SCALARS.get(qn);
    if (scalar != null) {
      return new TypeInfo.Scalar(scalar, false);
    }
    List<? extends TypeMirror> args = type.getTypeArguments();
    switch (qn) {
      case "java.util.List", "java.util.Set" -> {
        if (args.size() != 1) {
          return unsupported(type, "a raw " + te.getSimpleName() + " has no element type");
        }
        TypeUse element1 = argument(args.get(0), element, packageName);
        return qn.endsWith("List") ? new TypeInfo.ListOf(element1) : new TypeInfo.SetOf(element1);
      }
      case "java.util.Map" -> {
        if (args.size() != 2) {
          return unsupported(type, "a raw Map has no key and value types");
        }
        TypeMirror key = args.get(0);
        if (!(key instanceof DeclaredType k
            && ((TypeElement) k.asElement())
                .getQualifiedName()
                .contentEquals("java.lang.String"))) {
          return unsupported(type, "map keys must be String");
        }
        return new TypeInfo.MapOf(argument(args.get(1), element, packageName));
      }
      case "java.util.Optional" -> {
        if (!topLevel) {
          return unsupported(type, "Optional is supported only as a field's own type");
        }
        if (args.size() != 1) {
          return unsupported(type, "a raw Optional has no value type");
        }
        return new TypeInfo.OptionalOf(argument(args.get(0), element, packageName));
      }
      case "java.util.Collection",
          "java.lang.Iterable",
          "java.util.ArrayList",
          "java.util.LinkedList",
          "java.util.HashSet",
          "java.util.TreeSet",
          "java.util.LinkedHashSet",
          "java.util.SortedSet" -> {
        return unsupported(type, "declare collections as List or Set");
      }
      case "java.util.HashMap",
          "java.util.TreeMap",
          "java.util.LinkedHashMap",
          "java.util.SortedMap" -> {
        return unsupported(type, "declare maps as Map<String, V>");
      }
      case "java.util.OptionalInt", "java.util.OptionalLong", "java.util.OptionalDouble" -> {
        return unsupported(type, "use Optional<Integer>, Optional<Long> or Optional<Double>");
      }
      default -> {}
    }
    if (te.getKind() == ElementKind.ENUM) {
      List<String> constants = new ArrayList<>();
      for (Element e : te.getEnclosedElements()) {
        if (e.getKind() == ElementKind.ENUM_CONSTANT) {
          constants.add(e.getSimpleName().toString());
        }
      }
      return new TypeInfo.Enumeration(ClassName.get(te), constants);
    }
    if (Annotations.find(te, EMBEDDABLE) != null) {
      if (!args.isEmpty()) {
        return unsupported(type, "generic embeddable types are not supported");
      }
      return new TypeInfo.Embedded(ClassName.get(te), links.apply(te));
    }
    boolean userType =
        (te.getKind() == ElementKind.CLASS || te.getKind() == ElementKind.RECORD)
            && !qn.startsWith("java.")
            && !qn.startsWith("javax.");
    if (userType && args.isEmpty()) {
      return new TypeInfo.NotEmbeddable(ClassName.get(te));
    }
    return unsupported(type, null);
  }

  private TypeUse argument(TypeMirror arg, Element element, String packageName) {
    return new TypeUse(
        read(arg, element, packageName, false), constraints.readTypeUse(arg, element, packageName));
  }

  private TypeInfo unsupported(TypeMirror type, String reason) {
    return new TypeInfo.Unsupported(typeName(type), display(type), reason);
  }

  /** A type's name without type annotations, for generated code. */
  TypeName typeName(TypeMirror type) {
    switch (type.getKind()) {
      case BOOLEAN:
        return TypeName.BOOLEAN;
      case BYTE:
        return TypeName.BYTE;
      case SHORT:
        return TypeName.SHORT;
      case INT:
        return TypeName.INT;
      case LONG:
        return TypeName.LONG;
      case CHAR:
        return TypeName.CHAR;
      case FLOAT:
        return TypeName.FLOAT;
      case DOUBLE:
        return TypeName.DOUBLE;
      case ARRAY:
        return ArrayTypeName.of(typeName(((ArrayType) type).getComponentType()));
      case DECLARED:
        DeclaredType d = (DeclaredType) type;
        ClassName raw = ClassName.get((TypeElement) d.asElement());
        if (d.getTypeArguments().isEmpty()) {
          return raw;
        }
        List<TypeName> args = new ArrayList<>();
        for (TypeMirror a : d.getTypeArguments()) {
          args.add(typeName(a));
        }
        return ParameterizedTypeName.get(raw, args.toArray(new TypeName[0]));
      default:
        return TypeName.get(type).withoutAnnotations();
    }
  }

  /** A type as users write it, without annotations and packages: {@code List<Object>}. */
  static String display(TypeMirror type) {
    switch (type.getKind()) {
      case ARRAY:
        return display(((ArrayType) type).getComponentType()) + "[]";
      case DECLARED:
      case ERROR:
        DeclaredType d = (DeclaredType) type;
        StringBuilder b = new StringBuilder(d.asElement().getSimpleName());
        if (!d.getTypeArguments().isEmpty()) {
          b.append('<');
          String sep = "";
          for (TypeMirror a : d.getTypeArguments()) {
            b.append(sep).append(display(a));
            sep = ", ";
          }
          b.append('>');
        }
        return b.toString();
      default:
        String s = type.toString();
        // Strip type annotations javac prints in front: "@Email java.lang.String" -> String.
        for (AnnotationMirror m : type.getAnnotationMirrors()) {
          s = s.replace(m.toString() + " ", "");
        }
        return s;
    }
  }
}
