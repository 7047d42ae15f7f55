package io.osmos.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.osmos.processor.model.ConstraintInfo;
import io.osmos.processor.model.ConstraintKind;
import io.osmos.processor.model.PropertyInfo;
import io.osmos.processor.model.ScalarKind;
import io.osmos.processor.model.TypeInfo;
import io.osmos.processor.model.TypeUse;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.element.Modifier;

/**
 * Generates the constraint checks of a model or embeddable: one static {@code checkX(value,
 * violations)} method per field that has something to check (shared by {@code validate} and by
 * patches), and the constants they use (compiled patterns, validators, bounds).
 */
final class CheckCode {
  private final ClassName metamodel;
  private final TypeSpec.Builder type;
  private final NameAllocator names;

  /**
   * @param metamodel the class the checks are generated into
   * @param type its builder; constants and methods are added to it
   * @param names the allocator of its member names
   */
  CheckCode(ClassName metamodel, TypeSpec.Builder type, NameAllocator names) {
    this.metamodel = metamodel;
    this.type = type;
    this.names = names;
  }

  /** The type a field's check method takes: the field's type, an Optional unwrapped. */
  static TypeName checkedType(PropertyInfo p) {
    return p.valueType().typeName().isPrimitive() && !p.optional()
        ? p.valueType().typeName()
        : p.valueType().boxedName();
  }

  /**
   * Adds {@code checkX} for {@code p}; returns its name, or null when there is nothing to check.
   */
  String addCheck(PropertyInfo p) {
    TypeUse use = p.checkedUse();
    if (!use.needsCheck()) {
      return null;
    }
    String method = Fresh.name(names, "check" + p.capitalized());
    NameAllocator locals = new NameAllocator();
    String value = Fresh.name(locals, "value");
    String violations = Fresh.name(locals, "violations");
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("$N.push($S)", violations, p.name());
    checkValue(body, use, value, violations, locals, p.name());
    body.addStatement("$N.pop()", violations);
    type.addMethod(
        MethodSpec.methodBuilder(method)
            .addJavadoc(
                "Checks the constraints of {@code $L}; shared by validation and patches.\n",
                p.name())
            .addModifiers(Modifier.STATIC)
            .addParameter(checkedType(p), value)
            .addParameter(RuntimeTypes.VIOLATIONS, violations)
            .addCode(body.build())
            .build());
    return method;
  }

  /** Statements running a type-level {@code @Validate} on {@code value}. */
  CodeBlock typeValidator(
      ConstraintInfo c, String owner, String value, String violations, NameAllocator locals) {
    CodeBlock.Builder b = CodeBlock.builder();
    validator(b, c, owner, CodeBlock.of("$N", value), violations, locals);
    return b.build();
  }

  private void checkValue(
      CodeBlock.Builder b,
      TypeUse use,
      String var,
      String violations,
      NameAllocator locals,
      String field) {
    TypeInfo t = use.type();
    List<ConstraintInfo> onNull = new ArrayList<>();
    for (ConstraintInfo c : use.constraints()) {
      if (c.kind().rejectsNull()) {
        onNull.add(c);
      }
    }
    CodeBlock.Builder present = CodeBlock.builder();
    for (ConstraintInfo c : use.constraints()) {
      if (c.kind() != ConstraintKind.NOT_NULL) {
        constraint(present, c, t, CodeBlock.of("$N", var), violations, locals, field);
      }
    }
    nested(present, t, var, violations, locals, field);
    CodeBlock presentCode = present.build();
    if (t.typeName().isPrimitive()) {
      b.add(presentCode);
    } else if (!onNull.isEmpty()) {
      b.beginControlFlow("if ($N == null)", var);
      for (ConstraintInfo c : onNull) {
        b.addStatement("$N.add($S, null)", violations, c.message());
      }
      if (presentCode.isEmpty()) {
        b.endControlFlow();
      } else {
        b.nextControlFlow("else").add(presentCode).endControlFlow();
      }
    } else if (!presentCode.isEmpty()) {
      b.beginControlFlow("if ($N != null)", var).add(presentCode).endControlFlow();
    }
  }

  private void nested(
      CodeBlock.Builder b,
      TypeInfo t,
      String var,
      String violations,
      NameAllocator locals,
      String field) {
    if (t instanceof TypeInfo.Embedded e) {
      if (e.model().constrained()) {
        b.addStatement("$T.validate($N, $N)", TypeCode.metamodel(e.name()), var, violations);
      }
      return;
    }
    TypeUse inner = t.inner();
    if (inner == null || !inner.needsCheck()) {
      return;
    }
    TypeName innerType = inner.type().boxedName();
    if (t instanceof TypeInfo.MapOf) {
      String entry = Fresh.name(locals, "entry");
      String value = Fresh.name(locals, "entryValue");
      b.beginControlFlow(
          "for ($T $N : $N.entrySet())",
          ParameterizedTypeName.get(
              ClassName.get(Map.Entry.class), ClassName.get(String.class), innerType),
          entry,
          var);
      b.addStatement("$N.pushKey($N.getKey())", violations, entry);
      b.addStatement("$T $N = $N.getValue()", innerType, value, entry);
      checkValue(b, inner, value, violations, locals, field);
      b.addStatement("$N.pop()", violations);
      b.endControlFlow();
    } else {
      String index = Fresh.name(locals, "index");
      String element = Fresh.name(locals, "element");
      b.addStatement("int $N = 0", index);
      b.beginControlFlow("for ($T $N : $N)", innerType, element, var);
      b.addStatement("$N.pushIndex($N++)", violations, index);
      checkValue(b, inner, element, violations, locals, field);
      b.addStatement("$N.pop()", violations);
      b.endControlFlow();
    }
  }

  private void constraint(
      CodeBlock.Builder b,
      ConstraintInfo c,
      TypeInfo t,
      CodeBlock v,
      String violations,
      NameAllocator locals,
      String field) {
    if (c.kind() == ConstraintKind.VALIDATE) {
      validator(b, c, field, v, violations, locals);
      return;
    }
    if (c.kind() == ConstraintKind.NULL) {
      b.addStatement("$N.add($S, $L)", violations, c.message(), v);
      return;
    }
    CodeBlock violated = violated(c, t, v, violations, field);
    if (violated == null) {
      return;
    }
    b.beginControlFlow("if ($L)", violated)
        .addStatement("$N.add($S, $L)", violations, c.message(), v)
        .endControlFlow();
  }

  /** The condition under which a non-null {@code v} violates {@code c}; null for never. */
  private CodeBlock violated(
      ConstraintInfo c, TypeInfo t, CodeBlock v, String violations, String field) {
    ScalarKind s = t instanceof TypeInfo.Scalar sc ? sc.kind() : null;
    switch (c.kind()) {
      case NOT_BLANK:
        return CodeBlock.of("$L.trim().isEmpty()", v);
      case NOT_EMPTY:
        return s == ScalarKind.BYTES
            ? CodeBlock.of("$L.length == 0", v)
            : CodeBlock.of("$L.isEmpty()", v);
      case ASSERT_TRUE:
        return CodeBlock.of("!$L", v);
      case ASSERT_FALSE:
        return v;
      case SIZE:
        {
          CodeBlock size =
              s == ScalarKind.STRING
                  ? CodeBlock.of("$L.length()", v)
                  : s == ScalarKind.BYTES
                      ? CodeBlock.of("$L.length", v)
                      : CodeBlock.of("$L.size()", v);
          List<CodeBlock> parts = new ArrayList<>();
          if (c.min() > 0) {
            parts.add(CodeBlock.of("$L < $L", size, c.min()));
          }
          if (c.max() < Integer.MAX_VALUE) {
            parts.add(CodeBlock.of("$L > $L", size, c.max()));
          }
          return parts.isEmpty() ? null : CodeBlock.join(parts, " || ");
        }
      case MIN:
      case MAX:
        {
          boolean min = c.kind() == ConstraintKind.MIN;
          long bound = min ? c.min() : c.max();
          String op = min ? "<" : ">";
          if (s == ScalarKind.DECIMAL || s == ScalarKind.BIG_INTEGER) {
            Class<?> cls = s == ScalarKind.DECIMAL ? BigDecimal.class : BigInteger.class;
            return CodeBlock.of("$L.compareTo($T.valueOf($LL)) $L 0", v, cls, bound, op);
          }
          return CodeBlock.of("$L $L $LL", v, op, bound);
        }
      case DECIMAL_MIN:
      case DECIMAL_MAX:
        {
          boolean min = c.kind() == ConstraintKind.DECIMAL_MIN;
          String op = min ? (c.inclusive() ? "<" : "<=") : (c.inclusive() ? ">" : ">=");
          if (s != null && s.floating()) {
            double d = new BigDecimal(c.decimal()).doubleValue();
            return CodeBlock.of("$T.compare($L, $L) $L 0", Double.class, v, Double.toString(d), op);
          }
          String constant =
              constant(
                  BigDecimal.class,
                  field,
                  min ? "min" : "max",
                  CodeBlock.of("new $T($S)", BigDecimal.class, c.decimal()));
          CodeBlock asDecimal =
              s == ScalarKind.DECIMAL
                  ? v
                  : s == ScalarKind.BIG_INTEGER
                      ? CodeBlock.of("new $T($L)", BigDecimal.class, v)
                      : CodeBlock.of("$T.valueOf($L)", BigDecimal.class, v);
          return CodeBlock.of("$L.compareTo($T.$N) $L 0", asDecimal, metamodel, constant, op);
        }
      case DIGITS:
        return CodeBlock.of("!$T.digits($L, $L, $L)", RuntimeTypes.CHECKS, v, c.min(), c.max());
      case POSITIVE:
      case POSITIVE_OR_ZERO:
      case NEGATIVE:
      case NEGATIVE_OR_ZERO:
        {
          String test =
              switch (c.kind()) {
                case POSITIVE -> "> 0";
                case POSITIVE_OR_ZERO -> ">= 0";
                case NEGATIVE -> "< 0";
                default -> "<= 0";
              };
          if (s == ScalarKind.DECIMAL || s == ScalarKind.BIG_INTEGER) {
            return CodeBlock.of("!($L.signum() $L)", v, test);
          }
          // Written as a negation so NaN fails every sign check.
          return CodeBlock.of("!($L $L)", v, test);
        }
      case PATTERN:
        {
          String constant = pattern(field, c.regexp(), c.flags());
          return CodeBlock.of("!$T.$N.matcher($L).matches()", metamodel, constant, v);
        }
      case EMAIL:
        {
          CodeBlock email = CodeBlock.of("!$T.isEmail($L)", RuntimeTypes.CHECKS, v);
          if (c.regexp() == null || c.regexp().equals(".*")) {
            return email;
          }
          String constant = pattern(field, c.regexp(), c.flags());
          return CodeBlock.of("$L || !$T.$N.matcher($L).matches()", email, metamodel, constant, v);
        }
      case PAST:
      case PAST_OR_PRESENT:
      case FUTURE:
      case FUTURE_OR_PRESENT:
        {
          CodeBlock now =
              switch (s) {
                case LOCAL_DATE ->
                    CodeBlock.of(
                        "$T.ofInstant($N.now(), $N.clock().getZone())",
                        LocalDate.class,
                        violations,
                        violations);
                case LOCAL_DATE_TIME ->
                    CodeBlock.of(
                        "$T.ofInstant($N.now(), $N.clock().getZone())",
                        LocalDateTime.class,
                        violations,
                        violations);
                default -> CodeBlock.of("$N.now()", violations);
              };
          return switch (c.kind()) {
            case PAST -> CodeBlock.of("!$L.isBefore($L)", v, now);
            case PAST_OR_PRESENT -> CodeBlock.of("$L.isAfter($L)", v, now);
            case FUTURE -> CodeBlock.of("!$L.isAfter($L)", v, now);
            default -> CodeBlock.of("$L.isBefore($L)", v, now);
          };
        }
      case ONE_OF:
        {
          Set<String> distinct = new LinkedHashSet<>(c.values());
          List<CodeBlock> items = new ArrayList<>();
          for (String value : distinct) {
            items.add(CodeBlock.of("$S", value));
          }
          String constant =
              constant(
                  ParameterizedTypeName.get(Set.class, String.class),
                  field,
                  "values",
                  CodeBlock.of("$T.of($L)", Set.class, CodeBlock.join(items, ",$W")));
          return CodeBlock.of("!$T.$N.contains($L)", metamodel, constant, v);
        }
      default:
        return null;
    }
  }

  private void validator(
      CodeBlock.Builder b,
      ConstraintInfo c,
      String owner,
      CodeBlock v,
      String violations,
      NameAllocator locals) {
    ClassName cls = c.validator().type().name();
    String constant = constant(cls, owner, "validator", CodeBlock.of("new $T()", cls));
    String message = Fresh.name(locals, "message");
    b.addStatement("$T $N = $T.$N.check($L)", String.class, message, metamodel, constant, v);
    b.beginControlFlow("if ($N != null)", message)
        .addStatement("$N.add($N, $L)", violations, message, v)
        .endControlFlow();
  }

  private String pattern(String field, String regexp, int flags) {
    String[] flagNames = {
      "UNIX_LINES",
      "CASE_INSENSITIVE",
      "COMMENTS",
      "MULTILINE",
      "DOTALL",
      "UNICODE_CASE",
      "CANON_EQ"
    };
    int[] flagValues = {
      Pattern.UNIX_LINES,
      Pattern.CASE_INSENSITIVE,
      Pattern.COMMENTS,
      Pattern.MULTILINE,
      Pattern.DOTALL,
      Pattern.UNICODE_CASE,
      Pattern.CANON_EQ
    };
    List<CodeBlock> flagCode = new ArrayList<>();
    for (int i = 0; i < flagNames.length; i++) {
      if ((flags & flagValues[i]) != 0) {
        flagCode.add(CodeBlock.of("$T.$N", Pattern.class, flagNames[i]));
      }
    }
    CodeBlock init =
        flagCode.isEmpty()
            ? CodeBlock.of("$T.compile($S)", Pattern.class, regexp)
            : CodeBlock.of(
                "$T.compile($S, $L)", Pattern.class, regexp, CodeBlock.join(flagCode, " | "));
    return constant(Pattern.class, field, "pattern", init);
  }

  private String constant(Object constantType, String field, String what, CodeBlock init) {
    String name = Fresh.name(names, upperSnake(field) + "_" + what.toUpperCase(Locale.ROOT));
    TypeName t = constantType instanceof Class<?> c ? TypeName.get(c) : (TypeName) constantType;
    type.addField(
        FieldSpec.builder(t, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer(init)
            .build());
    return name;
  }

  /** {@code createdAt} gives {@code CREATED_AT}. */
  static String upperSnake(String camel) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char ch = camel.charAt(i);
      if (Character.isUpperCase(ch) && i > 0 && !Character.isUpperCase(camel.charAt(i - 1))) {
        b.append('_');
      }
      b.append(Character.toUpperCase(ch));
    }
    return b.toString();
  }
}
