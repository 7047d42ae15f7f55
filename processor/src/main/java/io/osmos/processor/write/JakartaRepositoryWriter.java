package io.osmos.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import io.osmos.processor.model.Marker;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.PropertyInfo;
import io.osmos.processor.model.RepositoryInfo;
import io.osmos.processor.model.RepositoryMethod;
import io.osmos.processor.model.RepositoryMethod.Role;
import io.osmos.processor.model.RepositoryMethod.Shape;
import io.osmos.processor.model.ResolvedMethod;
import io.osmos.processor.query.Condition;
import io.osmos.processor.query.Operand;
import io.osmos.processor.query.OrderItem;
import io.osmos.processor.query.QueryKind;
import io.osmos.processor.query.QueryPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code Books_}, the implementation of a Jakarta Data repository interface {@code Books}:
 * one {@code JakartaOperations} per entity, bound to the entity's driver, each query as a constant
 * plan built once and checked against the driver when the repository binds, and each method binding
 * its arguments to its plan.
 */
final class JakartaRepositoryWriter {
  private static final String DATA = "io.osmos.data";
  private static final ClassName OPERATIONS = ClassName.get(DATA, "JakartaOperations");
  private static final ClassName CHECKED_QUERY = ClassName.get(DATA, "CheckedQuery");
  private static final ClassName QUERY = ClassName.get("io.osmos.query", "Query");
  private static final ClassName CONDITION = ClassName.get("io.osmos.query", "Condition");
  private static final ClassName FILTER = ClassName.get("io.osmos.query", "Filter");
  private static final ClassName SORT = ClassName.get("io.osmos.query", "Sort");
  private static final ClassName LIKE_MODE = CONDITION.nestedClass("Like").nestedClass("Mode");
  private static final ClassName MAP = ClassName.get(Map.class);
  private static final ClassName LIST = ClassName.get(List.class);

  private final RepositoryInfo r;
  private final List<ResolvedMethod> methods;
  private final Map<RepositoryMethod, String> declined;
  private final NameAllocator names = new NameAllocator();
  private final Map<ModelInfo, Entity> entities = new LinkedHashMap<>();
  private final TypeSpec.Builder type;

  /** What the class holds for one entity. */
  private static final class Entity {
    final ModelInfo model;
    final String field;
    String attributes;
    final Map<PropertyInfo, String> constants = new LinkedHashMap<>();

    Entity(ModelInfo model, String field) {
      this.model = model;
      this.field = field;
      NameAllocator metamodel = new NameAllocator();
      for (PropertyInfo p : model.stored()) {
        constants.put(p, metamodel.newName(p.name(), p));
      }
    }

    TypeName keyType() {
      return model.key().composite()
          ? model.metamodelName().nestedClass("Key")
          : model.key().single().type().type().boxedName();
    }

    CodeBlock property(PropertyInfo p) {
      return CodeBlock.of("$T.$L", model.metamodelName(), constants.get(p));
    }
  }

  JakartaRepositoryWriter(RepositoryInfo r, List<ResolvedMethod> methods) {
    this(r, methods, Map.of());
  }

  /**
   * @param declined the methods to implement by throwing {@link UnsupportedOperationException},
   *     each with the reason (option {@code -Aosmos.unsupported=decline}), in declaration order
   */
  JakartaRepositoryWriter(
      RepositoryInfo r, List<ResolvedMethod> methods, Map<RepositoryMethod, String> declined) {
    this.r = r;
    this.methods = methods;
    this.declined = declined;
    this.type = TypeSpec.classBuilder(r.implementationName());
  }

  TypeSpec write() {
    type.addModifiers(Modifier.PUBLIC)
        .addSuperinterface(r.name())
        .addJavadoc(
            "The implementation of {@link $T}, bound to the driver registered in {@link $T} as\n"
                + "{@code $L}.\n",
            r.name(),
            RuntimeTypes.OSMOS,
            driverDescription());
    // Entities first: their fields take the plain names.
    for (ResolvedMethod m : methods) {
      entities.computeIfAbsent(
          m.model(),
          model -> new Entity(model, Fresh.name(names, decapitalize(model.simpleName()) + "s")));
    }
    for (ResolvedMethod m : methods) {
      if (needsAttributes(m)) {
        Entity e = entities.get(m.model());
        if (e.attributes == null) {
          e.attributes = Fresh.name(names, upperSnake(e.model.simpleName()) + "_ATTRIBUTES");
        }
      }
    }
    MethodSpec.Builder constructor =
        MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc(
                "Binds to the driver registered as {@code $L} in {@code osmos}; the queries the"
                    + " driver cannot\nserve make their methods throw"
                    + " {@link UnsupportedOperationException}.\n",
                driverDescription())
            .addParameter(RuntimeTypes.OSMOS, "osmos");
    for (Entity e : entities.values()) {
      TypeName ops = ParameterizedTypeName.get(OPERATIONS, e.model.name(), e.keyType());
      type.addField(ops, e.field, Modifier.PRIVATE, Modifier.FINAL);
      if (e.attributes != null) {
        type.addField(attributesConstant(e));
      }
      CodeBlock repository =
          r.dataStore().isEmpty()
              ? CodeBlock.of("new $T(osmos)", e.model.repositoryName())
              : CodeBlock.of("new $T(osmos, $S)", e.model.repositoryName(), r.dataStore());
      constructor.addStatement(
          "this.$L = new $T<>($L, $L)",
          e.field,
          OPERATIONS,
          repository,
          e.attributes == null ? CodeBlock.of("$T.of()", MAP) : CodeBlock.of("$L", e.attributes));
    }
    List<MethodSpec> bodies = new ArrayList<>();
    for (ResolvedMethod m : methods) {
      bodies.add(method(m, constructor));
    }
    for (Map.Entry<RepositoryMethod, String> d : declined.entrySet()) {
      bodies.add(
          d.getKey().signature().toBuilder()
              .addStatement(
                  "throw new $T($S)",
                  UnsupportedOperationException.class,
                  "Osmos does not implement "
                      + r.name().simpleName()
                      + "."
                      + d.getKey().name()
                      + "(): "
                      + d.getValue())
              .build());
    }
    type.addMethod(constructor.build());
    type.addMethods(bodies);
    type.addType(factory());
    return type.build();
  }

  /**
   * The entry in the repository index: {@code osmos.repository(Books.class)} finds {@code Books_}
   * through it, without reflection.
   */
  private TypeSpec factory() {
    ClassName self = r.implementationName();
    return TypeSpec.classBuilder(RepositoryIndexWriter.FACTORY)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addSuperinterface(ParameterizedTypeName.get(RuntimeTypes.REPOSITORY_FACTORY, r.name()))
        .addJavadoc(
            "Makes {@link $T}s for {@link $T#repository(Class)} asked for {@link $T};\nlisted in"
                + " the repository index, {@code META-INF/services/$L}.\n",
            self,
            RuntimeTypes.OSMOS,
            r.name(),
            RuntimeTypes.REPOSITORY_FACTORY.canonicalName())
        .addMethod(
            MethodSpec.constructorBuilder()
                .addJavadoc("Called by {@link java.util.ServiceLoader}.\n")
                .addModifiers(Modifier.PUBLIC)
                .build())
        .addMethod(
            MethodSpec.methodBuilder("repositoryType")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(ClassName.get(Class.class), r.name()))
                .addStatement("return $T.class", r.name())
                .build())
        .addMethod(
            MethodSpec.methodBuilder("create")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(r.name())
                .addParameter(RuntimeTypes.OSMOS, "osmos")
                .addStatement("return new $T(osmos)", self)
                .build())
        .build();
  }

  private String driverDescription() {
    if (!r.dataStore().isEmpty()) {
      return "\"" + r.dataStore() + "\"";
    }
    Set<String> drivers = new TreeSet<>();
    for (ResolvedMethod m : methods) {
      drivers.add("\"" + m.model().settings().driver() + "\"");
    }
    return drivers.isEmpty() ? "\"default\"" : String.join(", ", drivers);
  }

  private static boolean needsAttributes(ResolvedMethod m) {
    for (RepositoryMethod.Parameter p : m.method().parameters()) {
      if (p.role() == Role.SORT || p.role() == Role.SORTS || p.role() == Role.ORDER) {
        return true;
      }
    }
    return false;
  }

  private FieldSpec attributesConstant(Entity e) {
    TypeName property =
        ParameterizedTypeName.get(
            RuntimeTypes.PROPERTY, e.model.name(), WildcardTypeName.subtypeOf(Object.class));
    TypeName mapType = ParameterizedTypeName.get(MAP, ClassName.get(String.class), property);
    List<CodeBlock> entries = new ArrayList<>();
    for (Map.Entry<PropertyInfo, String> p : e.constants.entrySet()) {
      entries.add(
          CodeBlock.of(
              "$T.entry($S, $T.$L)",
              MAP,
              p.getKey().name(),
              e.model.metamodelName(),
              p.getValue()));
    }
    return FieldSpec.builder(
            mapType, e.attributes, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc(
            "The attributes of {@link $T} by name, for the sorts callers give.\n", e.model.name())
        .initializer(
            "$T.<$T, $T>ofEntries($>\n$L$<)",
            MAP,
            String.class,
            property,
            CodeBlock.join(entries, ",\n"))
        .build();
  }

  // ---- methods ---------------------------------------------------------------------------------

  private MethodSpec method(ResolvedMethod m, MethodSpec.Builder constructor) {
    Entity e = entities.get(m.model());
    RepositoryMethod method = m.method();
    MethodSpec.Builder b = method.signature().toBuilder();
    Set<String> parameterNames = new TreeSet<>();
    for (ParameterSpec p : method.signature().parameters()) {
      parameterNames.add(p.name());
    }
    String ops = parameterNames.contains(e.field) ? "this." + e.field : e.field;
    if (m.plan() == null) {
      b.addCode(lifecycle(m, e, ops));
    } else {
      b.addCode(query(m, e, ops, parameterNames, constructor));
    }
    return b.build();
  }

  private CodeBlock lifecycle(ResolvedMethod m, Entity e, String ops) {
    RepositoryMethod method = m.method();
    RepositoryMethod.Parameter p = method.parameters().get(0);
    boolean many = p.value().shape() != Shape.SINGLE;
    String verb =
        switch (method.operation()) {
          case INSERT -> "insert";
          case UPDATE -> "update";
          case SAVE -> "save";
          default -> "delete";
        };
    CodeBlock argument =
        p.value().shape() == Shape.ARRAY
            ? CodeBlock.of("$T.of($L)", LIST, p.name())
            : CodeBlock.of("$L", p.name());
    CodeBlock call = CodeBlock.of("$L.$L$L($L)", ops, verb, many ? "All" : "", argument);
    Shape out = method.result().value().shape();
    if (out == Shape.VOID) {
      return CodeBlock.builder().addStatement("$L", call).build();
    }
    if (out == Shape.ARRAY) {
      return CodeBlock.builder()
          .addStatement("return $L.toArray(new $T[0])", call, e.model.name())
          .build();
    }
    return CodeBlock.builder().addStatement("return $L", call).build();
  }

  private CodeBlock query(
      ResolvedMethod m,
      Entity e,
      String ops,
      Set<String> parameterNames,
      MethodSpec.Builder constructor) {
    RepositoryMethod method = m.method();
    QueryPlan plan = m.plan();
    Shape out = method.result().value().shape();
    // By key alone: the store's get and delete, no query.
    PropertyInfo key = keyEquality(m);
    if (key != null
        && plan.kind() == QueryKind.FIND
        && (out == Shape.OPTIONAL || out == Shape.SINGLE)
        && method.parameters().size() == 1) {
      String arg = m.arguments().get(0);
      return out == Shape.OPTIONAL
          ? CodeBlock.builder().addStatement("return $L.findById($L)", ops, arg).build()
          : CodeBlock.builder()
              .addStatement(
                  "return $L.findById($L).orElseThrow(() -> $L.notFound($S, $L))",
                  ops,
                  arg,
                  ops,
                  method.name(),
                  arg)
              .build();
    }
    if (key != null
        && plan.kind() == QueryKind.DELETE
        && out == Shape.VOID
        && method.parameters().size() == 1) {
      return CodeBlock.builder()
          .addStatement("$L.deleteById($L)", ops, m.arguments().get(0))
          .build();
    }
    // The whole bucket as a stream: the store's scan, with bounded memory.
    if (plan.kind() == QueryKind.FIND
        && plan.where().isEmpty()
        && plan.orderBy().isEmpty()
        && plan.first().isEmpty()
        && out == Shape.STREAM
        && method.parameters().isEmpty()) {
      return CodeBlock.builder().addStatement("return $L.findAll()", ops).build();
    }
    String constant = Fresh.name(names, upperSnake(method.name()));
    TypeName queryType = ParameterizedTypeName.get(QUERY, e.model.name());
    type.addField(
        FieldSpec.builder(queryType, constant, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer(plan(m, e))
            .build());
    String checked = Fresh.name(names, method.name());
    type.addField(
        ParameterizedTypeName.get(CHECKED_QUERY, e.model.name()),
        checked,
        Modifier.PRIVATE,
        Modifier.FINAL);
    constructor.addStatement("this.$L = $L.prepare($L)", checked, e.field, constant);
    String checkedRef = parameterNames.contains(checked) ? "this." + checked : checked;
    CodeBlock bound = CodeBlock.of("$L.bind($L)", checkedRef, String.join(", ", m.arguments()));

    CodeBlock.Builder body = CodeBlock.builder();
    List<CodeBlock> steps = new ArrayList<>();
    String pageRequest = null;
    for (RepositoryMethod.Parameter p : method.parameters()) {
      switch (p.role()) {
        case SORT, ORDER -> steps.add(CodeBlock.of("$L.sorted(query, $L)", ops, p.name()));
        case SORTS -> steps.add(CodeBlock.of("$L.sorted(query, $T.of($L))", ops, LIST, p.name()));
        case LIMIT -> steps.add(CodeBlock.of("$L.limited(query, $L)", ops, p.name()));
        case PAGE_REQUEST -> pageRequest = p.name();
        default -> {}
      }
    }
    CodeBlock q = bound;
    if (!steps.isEmpty()) {
      String local = parameterNames.contains("query") ? "query_" : "query";
      body.addStatement("$T $L = $L", queryType, local, bound);
      for (CodeBlock step : steps) {
        body.addStatement(
            "$L = $L", local, CodeBlock.of(step.toString().replace("(query,", "(" + local + ",")));
      }
      q = CodeBlock.of("$L", local);
    }
    body.add(result(m, e, ops, q, pageRequest));
    return body.build();
  }

  private CodeBlock result(
      ResolvedMethod m, Entity e, String ops, CodeBlock q, String pageRequest) {
    RepositoryMethod method = m.method();
    Shape out = method.result().value().shape();
    CodeBlock.Builder b = CodeBlock.builder();
    switch (m.plan().kind()) {
      case COUNT -> {
        return out == Shape.INT
            ? b.addStatement("return $T.toIntExact($L.count($L))", Math.class, ops, q).build()
            : b.addStatement("return $L.count($L)", ops, q).build();
      }
      case EXISTS -> {
        return b.addStatement("return $L.exists($L)", ops, q).build();
      }
      case DELETE -> {
        if (out == Shape.VOID) {
          return b.addStatement("$L.delete($L)", ops, q).build();
        }
        return out == Shape.INT
            ? b.addStatement("return $T.toIntExact($L.delete($L))", Math.class, ops, q).build()
            : b.addStatement("return $L.delete($L)", ops, q).build();
      }
      default -> {}
    }
    if (m.plan().selection().isPresent()) {
      PropertyInfo p = m.attributes().get(m.plan().selection().get().dotted());
      CodeBlock getter = CodeBlock.of("$L::get", e.property(p));
      CodeBlock values = CodeBlock.of("$L.list($L).stream().map($L)", ops, q, getter);
      return switch (out) {
        case STREAM -> b.addStatement("return $L", values).build();
        case ARRAY ->
            b.addStatement("return $L.toArray($T[]::new)", values, p.valueType().boxedName())
                .build();
        case OPTIONAL ->
            b.addStatement("return $L.optional($L, $S).map($L)", ops, q, method.name(), getter)
                .build();
        case SINGLE ->
            b.addStatement("return $L.get($L.single($L, $S))", e.property(p), ops, q, method.name())
                .build();
        default -> b.addStatement("return $L.toList()", values).build();
      };
    }
    CodeBlock list =
        pageRequest != null
            ? CodeBlock.of("$L.page($L, $L).content()", ops, q, pageRequest)
            : CodeBlock.of("$L.list($L)", ops, q);
    return switch (out) {
      case PAGE -> b.addStatement("return $L.page($L, $L)", ops, q, pageRequest).build();
      case CURSORED_PAGE ->
          b.addStatement("return $L.cursoredPage($L, $L)", ops, q, pageRequest).build();
      case STREAM -> b.addStatement("return $L.stream()", list).build();
      case ARRAY -> b.addStatement("return $L.toArray(new $T[0])", list, e.model.name()).build();
      case OPTIONAL -> b.addStatement("return $L.optional($L, $S)", ops, q, method.name()).build();
      case SINGLE -> b.addStatement("return $L.single($L, $S)", ops, q, method.name()).build();
      default -> b.addStatement("return $L", list).build();
    };
  }

  /** The key, when the plan is only {@code key = ?1} and nothing else. */
  private static PropertyInfo keyEquality(ResolvedMethod m) {
    QueryPlan plan = m.plan();
    if (plan.where().isEmpty() || !plan.orderBy().isEmpty() || plan.first().isPresent()) {
      return null;
    }
    if (plan.where().get() instanceof Condition.Compare c
        && c.operator() == Condition.Operator.EQUAL
        && !c.attribute().foldsCase()
        && c.operand() instanceof Operand.Positional) {
      PropertyInfo p = m.attributes().get(c.attribute().path().dotted());
      if (p != null && p.has(Marker.KEY) && !m.model().key().composite()) {
        return p;
      }
    }
    return null;
  }

  // ---- plans -----------------------------------------------------------------------------------

  private CodeBlock plan(ResolvedMethod m, Entity e) {
    QueryPlan plan = m.plan();
    CodeBlock.Builder b = CodeBlock.builder();
    if (plan.where().isEmpty()) {
      b.add("$T.<$T>all()", QUERY, e.model.name());
    } else {
      Condition where = plan.where().get();
      List<CodeBlock> roots = new ArrayList<>();
      if (where instanceof Condition.And and) {
        for (Condition c : and.operands()) {
          roots.add(filter(m, e, c));
        }
      } else {
        roots.add(filter(m, e, where));
      }
      b.add("$T.where($L)", QUERY, CodeBlock.join(roots, ",$W"));
    }
    if (!plan.orderBy().isEmpty()) {
      List<CodeBlock> sorts = new ArrayList<>();
      for (OrderItem o : plan.orderBy()) {
        PropertyInfo p = m.attributes().get(o.attribute().path().dotted());
        CodeBlock s =
            CodeBlock.of("$T.$L($L)", SORT, o.descending() ? "desc" : "asc", e.property(p));
        if (o.attribute().foldsCase()) {
          s = CodeBlock.of("$L.ignoringCase()", s);
        }
        sorts.add(s);
      }
      b.add("$>\n.orderBy($L)$<", CodeBlock.join(sorts, ",$W"));
    }
    if (plan.first().isPresent()) {
      b.add("$>\n.limit($L)$<", plan.first().getAsInt());
    }
    return b.build();
  }

  private CodeBlock filter(ResolvedMethod m, Entity e, Condition c) {
    if (c instanceof Condition.And and) {
      return CodeBlock.of("$T.and($L)", FILTER, join(m, e, and.operands()));
    }
    if (c instanceof Condition.Or or) {
      return CodeBlock.of("$T.or($L)", FILTER, join(m, e, or.operands()));
    }
    if (c instanceof Condition.Not not) {
      return CodeBlock.of("$T.not($L)", FILTER, filter(m, e, not.operand()));
    }
    if (c instanceof Condition.Compare x) {
      PropertyInfo p = m.attributes().get(x.attribute().path().dotted());
      CodeBlock prop = e.property(p);
      CodeBlock v = operand(m, p, x.operand());
      boolean fold = x.attribute().foldsCase();
      switch (x.operator()) {
        case EQUAL:
          return CodeBlock.of("$T.$L($L,$W$L)", CONDITION, fold ? "eqIgnoreCase" : "eq", prop, v);
        case NOT_EQUAL:
          return CodeBlock.of(
              "$T.not($T.$L($L, $L))", FILTER, CONDITION, fold ? "eqIgnoreCase" : "eq", prop, v);
        default:
          break;
      }
      if (fold) {
        boolean lower =
            x.operator() == Condition.Operator.GREATER_THAN
                || x.operator() == Condition.Operator.GREATER_THAN_OR_EQUAL;
        boolean inclusive =
            x.operator() == Condition.Operator.GREATER_THAN_OR_EQUAL
                || x.operator() == Condition.Operator.LESS_THAN_OR_EQUAL;
        return lower
            ? CodeBlock.of(
                "new $T.Range<>($L, $L, $L, null, false, true)", CONDITION, prop, v, inclusive)
            : CodeBlock.of(
                "new $T.Range<>($L, null, false, $L, $L, true)", CONDITION, prop, v, inclusive);
      }
      String op =
          switch (x.operator()) {
            case LESS_THAN -> "lt";
            case LESS_THAN_OR_EQUAL -> "lte";
            case GREATER_THAN -> "gt";
            default -> "gte";
          };
      return CodeBlock.of("$T.$L($L,$W$L)", CONDITION, op, prop, v);
    }
    if (c instanceof Condition.Between x) {
      PropertyInfo p = m.attributes().get(x.attribute().path().dotted());
      if (x.attribute().foldsCase()) {
        return CodeBlock.of(
            "new $T.Range<>($L, $L, true, $L, true, true)",
            CONDITION,
            e.property(p),
            operand(m, p, x.low()),
            operand(m, p, x.high()));
      }
      return CodeBlock.of(
          "$T.between($L,$W$L,$W$L)",
          CONDITION,
          e.property(p),
          operand(m, p, x.low()),
          operand(m, p, x.high()));
    }
    if (c instanceof Condition.In x) {
      PropertyInfo p = m.attributes().get(x.attribute().path().dotted());
      List<CodeBlock> values = new ArrayList<>();
      for (Operand o : x.values()) {
        values.add(operand(m, p, o));
      }
      return CodeBlock.of("$T.in($L, $L)", CONDITION, e.property(p), CodeBlock.join(values, ", "));
    }
    if (c instanceof Condition.Like x) {
      PropertyInfo p = m.attributes().get(x.attribute().path().dotted());
      CodeBlock v = operand(m, p, x.operand());
      if (x.attribute().foldsCase()) {
        return CodeBlock.of(
            "new $T.Like<>($L,$W$L,$W$T.$L,$W$L,$Wtrue)",
            CONDITION,
            e.property(p),
            v,
            LIKE_MODE,
            x.mode().name(),
            x.escape()
                .map(ch -> CodeBlock.of("'$L'", escapeChar(ch)))
                .orElse(CodeBlock.of("null")));
      }
      String method =
          switch (x.mode()) {
            case PATTERN -> "like";
            case STARTS_WITH -> "startsWith";
            case ENDS_WITH -> "endsWith";
            case CONTAINS -> "contains";
          };
      if (x.escape().isPresent()) {
        return CodeBlock.of(
            "$T.like($L, $L, '$L')", CONDITION, e.property(p), v, escapeChar(x.escape().get()));
      }
      return CodeBlock.of("$T.$L($L,$W$L)", CONDITION, method, e.property(p), v);
    }
    if (c instanceof Condition.IsNull x) {
      return CodeBlock.of(
          "$T.isNull($L)",
          CONDITION,
          e.property(m.attributes().get(x.attribute().path().dotted())));
    }
    if (c instanceof Condition.IsNotNull x) {
      return CodeBlock.of(
          "$T.isNotNull($L)",
          CONDITION,
          e.property(m.attributes().get(x.attribute().path().dotted())));
    }
    throw new IllegalStateException("a condition of an unknown kind: " + c);
  }

  private CodeBlock join(ResolvedMethod m, Entity e, List<Condition> cs) {
    List<CodeBlock> out = new ArrayList<>();
    for (Condition c : cs) {
      out.add(filter(m, e, c));
    }
    return CodeBlock.join(out, ",$W");
  }

  private static String escapeChar(char c) {
    return c == '\\' ? "\\\\" : c == '\'' ? "\\'" : String.valueOf(c);
  }

  private CodeBlock operand(ResolvedMethod m, PropertyInfo p, Operand o) {
    if (o instanceof Operand.Positional pos) {
      return CodeBlock.of("$T.param($L)", QUERY, pos.position());
    }
    if (o instanceof Operand.Named n) {
      return CodeBlock.of("$T.param($L)", QUERY, m.positions().get(n.name()));
    }
    return Literals.of(p, (Operand.Literal) o);
  }

  // ---- names -----------------------------------------------------------------------------------

  private static String decapitalize(String s) {
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  /** {@code findByTitle} as {@code FIND_BY_TITLE}. */
  static String upperSnake(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(s.charAt(i - 1))) {
        b.append('_');
      }
      b.append(Character.toUpperCase(c));
    }
    return b.toString().toUpperCase(Locale.ROOT);
  }
}
