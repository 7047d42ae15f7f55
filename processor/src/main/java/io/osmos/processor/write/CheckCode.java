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
import io.osmos.processor.model.TypeInfo;
import io.osmos.processor.model.TypeUse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Generates the constraint checks of a model or embeddable: one static {@code checkX(value,
 * violations)} method per field that has something to check (shared by {@code validate} and by
 * patches), and the constants they use (compiled patterns, validators, bounds). What each
 * constraint checks comes from its {@link ConstraintKind}; this class walks the value: null
 * handling, container elements, nested embeddables.
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
    c.kind().addCheck(b, c, new Site(CodeBlock.of("$N", value), null, violations, locals, owner));
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
    Site site = new Site(CodeBlock.of("$N", var), t, violations, locals, field);
    for (ConstraintInfo c : use.constraints()) {
      c.kind().addCheck(present, c, site);
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

  /** One checked value in the generated class: constants are named after its field. */
  private final class Site implements ConstraintKind.Site {
    private final CodeBlock value;
    private final TypeInfo valueType;
    private final String violations;
    private final NameAllocator locals;
    private final String owner;

    Site(
        CodeBlock value,
        TypeInfo valueType,
        String violations,
        NameAllocator locals,
        String owner) {
      this.value = value;
      this.valueType = valueType;
      this.violations = violations;
      this.locals = locals;
      this.owner = owner;
    }

    @Override
    public CodeBlock value() {
      return value;
    }

    @Override
    public TypeInfo type() {
      return valueType;
    }

    @Override
    public String violations() {
      return violations;
    }

    @Override
    public CodeBlock constant(TypeName constantType, String what, CodeBlock init) {
      String name = Fresh.name(names, upperSnake(owner) + "_" + what.toUpperCase(Locale.ROOT));
      type.addField(
          FieldSpec.builder(constantType, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
              .initializer(init)
              .build());
      return CodeBlock.of("$T.$N", metamodel, name);
    }

    @Override
    public String local(String suggestion) {
      return Fresh.name(locals, suggestion);
    }
  }
}
