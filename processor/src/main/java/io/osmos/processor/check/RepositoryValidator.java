package io.osmos.processor.check;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.osmos.processor.model.EntityInfo;
import io.osmos.processor.model.Marker;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.Origin;
import io.osmos.processor.model.PropertyInfo;
import io.osmos.processor.model.RepositoryInfo;
import io.osmos.processor.model.RepositoryMethod;
import io.osmos.processor.model.RepositoryMethod.Operation;
import io.osmos.processor.model.RepositoryMethod.Role;
import io.osmos.processor.model.RepositoryMethod.Shape;
import io.osmos.processor.model.ResolvedMethod;
import io.osmos.processor.model.ScalarKind;
import io.osmos.processor.model.TypeInfo;
import io.osmos.processor.query.AttributePath;
import io.osmos.processor.query.AttributeRef;
import io.osmos.processor.query.CaseFold;
import io.osmos.processor.query.Condition;
import io.osmos.processor.query.JdqlException;
import io.osmos.processor.query.JdqlParser;
import io.osmos.processor.query.MethodNameParser;
import io.osmos.processor.query.Operand;
import io.osmos.processor.query.OrderItem;
import io.osmos.processor.query.PlanVisitor;
import io.osmos.processor.query.QueryKind;
import io.osmos.processor.query.QueryPlan;
import io.osmos.processor.query.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a Jakarta Data repository against its entities: what each method does, the attributes its
 * query names, the types of its parameters and of its result. Every problem is reported on the
 * method; the methods found sound come with the plan the writer implements.
 */
public final class RepositoryValidator {
  private static final String ID = AttributePath.IDENTIFIER;
  private static final TypeName STRING = ClassName.get(String.class);

  /**
   * What a method may be rejected for and still, under {@code -Aosmos.unsupported=decline}, be
   * generated to throw {@link UnsupportedOperationException}: what Osmos does not evaluate, not
   * what the user wrote wrong (an unknown attribute, a wrong parameter count, a syntax error).
   */
  private static final Set<Message> DECLINABLE =
      Set.of(
          Message.REPOSITORY_ENTITY_UNKNOWN,
          Message.QUERY_UNSUPPORTED,
          Message.QUERY_ATTRIBUTE_NESTED,
          Message.QUERY_LITERAL_TYPE,
          Message.QUERY_RETURN_TYPE);

  private final boolean unindexedIsError;
  private final boolean declineUnsupported;

  /**
   * @param unindexedIsError whether a condition or sort no index serves is an error (option {@code
   *     -Aosmos.unindexed=error}) rather than a warning
   */
  public RepositoryValidator(boolean unindexedIsError) {
    this(unindexedIsError, false);
  }

  /**
   * @param unindexedIsError whether a condition or sort no index serves is an error (option {@code
   *     -Aosmos.unindexed=error}) rather than a warning
   * @param declineUnsupported whether a method rejected only for what Osmos does not evaluate is
   *     generated to throw {@link UnsupportedOperationException}, with a warning (option {@code
   *     -Aosmos.unsupported=decline}), rather than being an error
   */
  public RepositoryValidator(boolean unindexedIsError, boolean declineUnsupported) {
    this.unindexedIsError = unindexedIsError;
    this.declineUnsupported = declineUnsupported;
  }

  /**
   * What the check found: the report, the methods it found sound, and the methods declined under
   * {@code -Aosmos.unsupported=decline}.
   */
  public record Result(
      ValidationReport report, List<ResolvedMethod> methods, List<Declined> declined) {
    public Result(ValidationReport report, List<ResolvedMethod> methods) {
      this(report, methods, List.of());
    }
  }

  /** A method generated to throw {@link UnsupportedOperationException} with {@code reason}. */
  public record Declined(RepositoryMethod method, String reason) {}

  public Result validate(RepositoryInfo r) {
    ValidationReport.Builder report = ValidationReport.about(r.element());
    List<ResolvedMethod> methods = new ArrayList<>();
    EntityInfo primary = r.primaryEntity();
    if (primary != null && primary.model() != null && primary.keyType() != null) {
      ModelInfo m = primary.model();
      if (!m.key().composite() && m.key().single() != null) {
        TypeName key = m.key().single().type().type().boxedName();
        if (!key.equals(primary.keyType())) {
          report.add(
              Message.REPOSITORY_KEY_TYPE,
              r.origin(),
              r.name().simpleName(),
              simple(primary.keyType()),
              m.simpleName(),
              simple(key));
        }
      }
    }
    List<Declined> declined = new ArrayList<>();
    for (RepositoryMethod method : r.methods()) {
      if (!declineUnsupported) {
        ResolvedMethod resolved = new MethodCheck(method, report).run();
        if (resolved != null) {
          methods.add(resolved);
        }
        continue;
      }
      // Check the method on its own: its errors either all decline or all stay errors.
      ValidationReport.Builder own = ValidationReport.about(r.element());
      ResolvedMethod resolved = new MethodCheck(method, own).run();
      List<ValidationReport.Item> items = own.build().items();
      List<String> reasons = new ArrayList<>();
      boolean declinable = true;
      for (ValidationReport.Item i : items) {
        if (i.message().kind() == Message.Kind.ERROR) {
          reasons.add(i.text());
          declinable &= DECLINABLE.contains(i.message());
        }
      }
      if (resolved != null || reasons.isEmpty() || !declinable) {
        items.forEach(i -> report.add(i.message(), i.origin(), i.args().toArray()));
        if (resolved != null) {
          methods.add(resolved);
        }
        continue;
      }
      for (ValidationReport.Item i : items) {
        if (i.message().kind() != Message.Kind.ERROR) {
          report.add(i.message(), i.origin(), i.args().toArray());
        }
      }
      String reason = String.join("; and ", reasons);
      report.add(Message.REPOSITORY_DECLINED, method.origin(), method.name(), reason);
      declined.add(new Declined(method, reason));
    }
    return new Result(report.build(), methods, declined);
  }

  /** The checks of one method. */
  private final class MethodCheck {
    private final RepositoryMethod method;
    private final ValidationReport.Builder report;
    private final Origin at;
    private boolean failed;
    private ModelInfo model;
    private final Map<String, PropertyInfo> attributes = new LinkedHashMap<>();

    MethodCheck(RepositoryMethod method, ValidationReport.Builder report) {
      this.method = method;
      this.report = report;
      this.at = method.origin();
    }

    private void error(Message m, Object... args) {
      failed = true;
      report.add(m, at, args);
    }

    ResolvedMethod run() {
      if (method.operation() == Operation.UNKNOWN) {
        error(Message.REPOSITORY_METHOD, method.name());
        return null;
      }
      EntityInfo entity = method.entity();
      if (entity == null) {
        error(Message.REPOSITORY_ENTITY_UNKNOWN, method.name());
        return null;
      }
      if (entity.model() == null || !entity.model().isModel()) {
        error(Message.REPOSITORY_ENTITY_NOT_MODEL, method.name(), entity.display());
        return null;
      }
      model = entity.model();
      if (model.settings().kind() != io.osmos.annotations.Model.Kind.DOCUMENT) {
        error(Message.REPOSITORY_ENTITY_STREAM, method.name(), model.simpleName());
        return null;
      }
      switch (method.operation()) {
        case INSERT, UPDATE, SAVE, DELETE -> {
          lifecycle();
          return failed ? null : resolved(null, List.of(), Map.of());
        }
        default -> {
          return query();
        }
      }
    }

    private ResolvedMethod resolved(
        QueryPlan plan, List<String> arguments, Map<String, Integer> positions) {
      return new ResolvedMethod(method, model, plan, attributes, arguments, positions);
    }

    // ---- lifecycle methods -------------------------------------------------------------------

    private void lifecycle() {
      String annotation =
          switch (method.operation()) {
            case INSERT -> "Insert";
            case UPDATE -> "Update";
            case SAVE -> "Save";
            default -> "Delete";
          };
      String entityName = model.simpleName();
      List<RepositoryMethod.Parameter> ps = method.parameters();
      RepositoryMethod.Value in = ps.size() == 1 ? ps.get(0).value() : null;
      if (in == null
          || !in.entity()
          || !(in.shape() == Shape.SINGLE
              || in.shape() == Shape.LIST
              || in.shape() == Shape.ARRAY)) {
        String takes =
            ps.isEmpty()
                ? "no parameter"
                : ps.size() == 1 ? ps.get(0).value().display() : ps.size() + " parameters";
        error(Message.REPOSITORY_LIFECYCLE, method.name(), annotation, takes, entityName);
        return;
      }
      RepositoryMethod.Value out = method.result().value();
      boolean fits =
          out.shape() == Shape.VOID
              || (method.operation() != Operation.DELETE
                  && out.entity()
                  && out.shape() == in.shape());
      if (!fits) {
        String shape =
            in.shape() == Shape.LIST
                ? "List<" + entityName + ">"
                : in.shape() == Shape.ARRAY ? entityName + "[]" : entityName;
        error(
            Message.QUERY_RETURN_TYPE,
            method.name(),
            out.display(),
            "@" + annotation,
            method.operation() == Operation.DELETE ? "void" : "void or " + shape);
      }
    }

    // ---- queries -----------------------------------------------------------------------------

    private ResolvedMethod query() {
      List<RepositoryMethod.Parameter> values = new ArrayList<>();
      for (RepositoryMethod.Parameter p : method.parameters()) {
        if (p.role() == Role.VALUE) {
          values.add(p);
        }
      }
      QueryPlan plan = plan(values);
      if (plan == null) {
        return null;
      }
      if (!method.orderBy().isEmpty()) {
        List<OrderItem> items = new ArrayList<>();
        for (RepositoryMethod.OrderByInfo o : method.orderBy()) {
          AttributePath path = AttributePath.of(o.attribute(), Span.NONE);
          AttributeRef ref =
              new AttributeRef(
                  path, o.ignoreCase() ? CaseFold.IGNORE_CASE : CaseFold.NONE, Span.NONE);
          items.add(new OrderItem(ref, o.descending(), Span.NONE));
        }
        plan = plan.withOrderBy(items);
      }
      List<String> arguments = new ArrayList<>();
      for (RepositoryMethod.Parameter p : values) {
        arguments.add(p.name());
      }
      checkAttributes(plan);
      if (failed) {
        return null;
      }
      Map<String, Integer> positions = checkParameters(plan, values);
      checkSpecialParameters(plan);
      checkResult(plan);
      checkIndexes(plan);
      return failed ? null : resolved(plan, arguments, positions);
    }

    private QueryPlan plan(List<RepositoryMethod.Parameter> values) {
      switch (method.operation()) {
        case NAMED -> {
          try {
            return MethodNameParser.parse(method.name(), this::isAttribute);
          } catch (MethodNameParser.MethodNameException e) {
            error(
                Message.QUERY_METHOD_NAME,
                method.name(),
                e.span().position(method.name()),
                e.getMessage());
            return null;
          }
        }
        case FIND, DELETE_BY -> {
          List<Condition> conditions = new ArrayList<>();
          int position = 0;
          for (RepositoryMethod.Parameter p : values) {
            String name = p.by() != null ? p.by() : p.name();
            AttributePath path = AttributePath.of(name, Span.NONE);
            conditions.add(
                new Condition.Compare(
                    AttributeRef.of(path),
                    Condition.Operator.EQUAL,
                    new Operand.Positional(++position, Span.NONE),
                    Span.NONE));
          }
          Optional<Condition> where =
              conditions.isEmpty()
                  ? Optional.empty()
                  : Optional.of(
                      conditions.size() == 1
                          ? conditions.get(0)
                          : new Condition.And(conditions, Span.NONE));
          QueryKind kind = method.operation() == Operation.FIND ? QueryKind.FIND : QueryKind.DELETE;
          return new QueryPlan(
              kind,
              Optional.empty(),
              Optional.empty(),
              List.of(),
              where,
              List.of(),
              OptionalInt.empty(),
              Span.NONE);
        }
        case QUERY -> {
          return jdql();
        }
        default -> {
          error(Message.REPOSITORY_METHOD, method.name());
          return null;
        }
      }
    }

    private QueryPlan jdql() {
      Origin value = method.queryOrigin() == null ? at : method.queryOrigin();
      QueryPlan plan;
      try {
        plan = JdqlParser.parse(method.query());
      } catch (JdqlException e) {
        failed = true;
        if (e.reason() == JdqlException.Reason.UNSUPPORTED) {
          report.add(
              Message.QUERY_UNSUPPORTED,
              value,
              method.name(),
              e.found() + " at " + e.position(),
              e.hint().orElse("write the query with the JDQL Osmos evaluates"));
        } else {
          report.add(
              Message.QUERY_SYNTAX,
              value,
              method.name(),
              e.position(),
              e.expected().orElse("JDQL"),
              e.found(),
              e.hint()
                  .orElse(
                      "write JDQL as Jakarta Data 1.0 defines it, e.g. WHERE title LIKE"
                          + " :pattern ORDER BY year"));
        }
        return null;
      }
      if (plan.kind() == QueryKind.UPDATE) {
        failed = true;
        report.add(
            Message.QUERY_UNSUPPORTED,
            value,
            method.name(),
            "UPDATE",
            "read the entities with a find method and store them with @Update or @Save");
        return null;
      }
      if (plan.entity().isPresent() && !plan.entity().get().name().equals(model.simpleName())) {
        failed = true;
        report.add(
            Message.QUERY_ENTITY,
            value,
            method.name(),
            plan.entity().get().name(),
            model.simpleName());
        return null;
      }
      return plan;
    }

    private boolean isAttribute(String dotted) {
      return property(dotted) != null;
    }

    private PropertyInfo property(String dotted) {
      if (dotted.equals(ID)) {
        return model.key().single();
      }
      for (PropertyInfo p : model.stored()) {
        if (p.name().equals(dotted)) {
          return p;
        }
      }
      return null;
    }

    private void checkAttributes(QueryPlan plan) {
      Set<String> reported = new LinkedHashSet<>();
      plan.accept(
          new PlanVisitor() {
            @Override
            public void attribute(AttributeRef a, AttributeUse use) {
              String dotted = a.path().dotted();
              PropertyInfo p = property(dotted);
              if (p != null) {
                attributes.put(dotted, p);
                if (a.foldsCase() && !p.valueType().boxedName().equals(STRING)) {
                  error(
                      Message.QUERY_TEXT_ATTRIBUTE,
                      method.name(),
                      use == AttributeUse.ORDER ? "a sort ignoring case" : "IgnoreCase",
                      model.simpleName(),
                      p.name(),
                      p.valueType().display());
                }
                return;
              }
              if (!reported.add(dotted)) {
                return;
              }
              List<String> segments = a.path().segments();
              PropertyInfo head = segments.size() > 1 ? property(segments.get(0)) : null;
              if (head != null && head.valueType() instanceof TypeInfo.Embedded e) {
                error(
                    Message.QUERY_ATTRIBUTE_NESTED,
                    method.name(),
                    dotted,
                    e.model().simpleName(),
                    model.simpleName());
                return;
              }
              String close = closest(dotted);
              if (close != null) {
                error(
                    Message.QUERY_ATTRIBUTE_CLOSE,
                    method.name(),
                    dotted,
                    model.simpleName(),
                    close);
              } else {
                error(
                    Message.QUERY_ATTRIBUTE,
                    method.name(),
                    dotted,
                    model.simpleName(),
                    String.join(", ", names()));
              }
            }
          });
    }

    private List<String> names() {
      List<String> out = new ArrayList<>();
      for (PropertyInfo p : model.stored()) {
        out.add(p.name());
      }
      return out;
    }

    /** The attribute name nearest to {@code dotted}, if one is close enough to be a typo. */
    private String closest(String dotted) {
      String best = null;
      int bestDistance = Integer.MAX_VALUE;
      for (String n : names()) {
        int d =
            distance(
                n.toLowerCase(java.util.Locale.ROOT), dotted.toLowerCase(java.util.Locale.ROOT));
        if (d < bestDistance) {
          bestDistance = d;
          best = n;
        }
      }
      int allowed = dotted.length() <= 3 ? 1 : dotted.length() < 8 ? 2 : 3;
      return best != null && bestDistance <= allowed ? best : null;
    }

    /**
     * The index among the value parameters each named parameter binds, or null when a parameter is
     * missing or left over (reported).
     */
    private Map<String, Integer> checkParameters(
        QueryPlan plan, List<RepositoryMethod.Parameter> values) {
      Map<String, Integer> named = new LinkedHashMap<>();
      Set<Integer> used = new TreeSet<>();
      int highest = 0;
      for (Operand.Parameter p : plan.parameters()) {
        if (p instanceof Operand.Positional pos) {
          highest = Math.max(highest, pos.position());
          used.add(pos.position() - 1);
        } else {
          String name = ((Operand.Named) p).name();
          int index = -1;
          for (int i = 0; i < values.size(); i++) {
            RepositoryMethod.Parameter v = values.get(i);
            if (name.equals(v.by()) || (v.by() == null && name.equals(v.name()))) {
              index = i;
            }
          }
          if (index < 0) {
            error(Message.QUERY_PARAMETER_UNKNOWN, method.name(), name);
            return null;
          }
          named.put(name, index);
          used.add(index);
        }
      }
      int needed = Math.max(highest, used.size());
      if (needed != values.size() || used.size() != values.size()) {
        String hint =
            needed > values.size()
                ? "add a parameter for each value the conditions compare with, in order"
                : "remove the extra parameters, or add a condition for each";
        error(Message.QUERY_PARAMETER_COUNT, method.name(), values.size(), needed, hint);
        return null;
      }
      plan.accept(
          new PlanVisitor() {
            @Override
            public void operand(Operand operand, AttributeRef a, Condition c) {
              PropertyInfo p = attributes.get(a.path().dotted());
              if (p == null) {
                return;
              }
              TypeName type = p.valueType().boxedName();
              if (c instanceof Condition.Like) {
                if (!type.equals(STRING)) {
                  error(
                      Message.QUERY_TEXT_ATTRIBUTE,
                      method.name(),
                      like((Condition.Like) c),
                      model.simpleName(),
                      p.name(),
                      p.valueType().display());
                  return;
                }
              }
              if (operand instanceof Operand.Literal literal) {
                checkLiteral(p, literal);
                return;
              }
              if (operand instanceof Operand.LocalNow now) {
                error(
                    Message.QUERY_UNSUPPORTED,
                    method.name(),
                    now.toString(),
                    "pass the date or time as a parameter");
                return;
              }
              int index =
                  operand instanceof Operand.Positional pos
                      ? pos.position() - 1
                      : named.get(((Operand.Named) operand).name());
              RepositoryMethod.Parameter param = values.get(index);
              RepositoryMethod.Value v = param.value();
              String condition = describe(p);
              if (c instanceof Condition.In in && in.values().size() == 1) {
                boolean fits =
                    (v.shape() == Shape.LIST || v.shape() == Shape.ARRAY)
                        && v.element().equals(type);
                if (!fits) {
                  error(
                      Message.QUERY_PARAMETER_TYPE,
                      method.name(),
                      param.name(),
                      v.display(),
                      condition,
                      "a List<" + simple(type) + ">");
                }
                return;
              }
              if (v.shape() != Shape.SINGLE || !v.element().equals(type)) {
                error(
                    Message.QUERY_PARAMETER_TYPE,
                    method.name(),
                    param.name(),
                    v.display(),
                    condition,
                    simple(p.valueType().typeName()));
              }
            }
          });
      Map<String, Integer> positions = new LinkedHashMap<>();
      named.forEach((name, index) -> positions.put(name, index + 1));
      return positions;
    }

    private void checkLiteral(PropertyInfo p, Operand.Literal literal) {
      TypeInfo t = p.valueType();
      boolean fits;
      if (literal instanceof Operand.BooleanLiteral) {
        fits = t instanceof TypeInfo.Scalar s && s.kind() == ScalarKind.BOOLEAN;
      } else if (literal instanceof Operand.StringLiteral str) {
        // JDQL has no character literal: a one-character string stands for a char.
        fits =
            t instanceof TypeInfo.Scalar s
                && (s.kind() == ScalarKind.STRING
                    || (s.kind() == ScalarKind.CHAR && str.value().length() == 1));
      } else if (literal instanceof Operand.IntegerLiteral) {
        fits =
            t instanceof TypeInfo.Scalar s
                && (s.kind() == ScalarKind.BYTE
                    || s.kind() == ScalarKind.SHORT
                    || s.kind() == ScalarKind.INT
                    || s.kind() == ScalarKind.LONG
                    || s.kind() == ScalarKind.FLOAT
                    || s.kind() == ScalarKind.DOUBLE
                    || s.kind() == ScalarKind.DECIMAL
                    || s.kind() == ScalarKind.BIG_INTEGER);
      } else if (literal instanceof Operand.DecimalLiteral) {
        fits =
            t instanceof TypeInfo.Scalar s
                && (s.kind() == ScalarKind.FLOAT
                    || s.kind() == ScalarKind.DOUBLE
                    || s.kind() == ScalarKind.DECIMAL);
      } else if (literal instanceof Operand.EnumLiteral e) {
        fits =
            t instanceof TypeInfo.Enumeration en
                && (en.name().simpleName().equals(e.typeName())
                    || en.name().canonicalName().equals(e.typeName()))
                && en.constants().contains(e.constant());
      } else {
        fits = false;
      }
      if (!fits) {
        error(Message.QUERY_LITERAL_TYPE, method.name(), p.name(), t.display(), literal);
      }
    }

    private String like(Condition.Like l) {
      return switch (l.mode()) {
        case PATTERN -> "Like";
        case STARTS_WITH -> "StartsWith";
        case ENDS_WITH -> "EndsWith";
        case CONTAINS -> "Contains";
      };
    }

    private String describe(PropertyInfo p) {
      return "the condition on " + model.simpleName() + "." + p.name();
    }

    private void checkSpecialParameters(QueryPlan plan) {
      for (RepositoryMethod.Parameter p : method.parameters()) {
        if (p.role() != Role.VALUE && plan.kind() != QueryKind.FIND) {
          error(Message.REPOSITORY_SPECIAL_PARAMETER, method.name(), p.value().display());
        }
      }
    }

    private boolean takes(Role role) {
      for (RepositoryMethod.Parameter p : method.parameters()) {
        if (p.role() == role) {
          return true;
        }
      }
      return false;
    }

    private void checkResult(QueryPlan plan) {
      RepositoryMethod.Value out = method.result().value();
      String e = model.simpleName();
      switch (plan.kind()) {
        case FIND -> {
          if (plan.selection().isPresent()) {
            PropertyInfo p = attributes.get(plan.selection().get().dotted());
            if (p == null) {
              return;
            }
            TypeName a = p.valueType().boxedName();
            String t = simple(a);
            boolean fits =
                out.element().equals(a)
                    && (out.shape() == Shape.LIST
                        || out.shape() == Shape.STREAM
                        || out.shape() == Shape.OPTIONAL
                        || out.shape() == Shape.ARRAY
                        || out.shape() == Shape.SINGLE);
            if (!fits) {
              error(
                  Message.QUERY_RETURN_TYPE,
                  method.name(),
                  out.display(),
                  "SELECT " + p.name(),
                  "List<" + t + ">, Stream<" + t + ">, Optional<" + t + "> or " + t);
            }
            return;
          }
          boolean page = out.shape() == Shape.PAGE || out.shape() == Shape.CURSORED_PAGE;
          boolean fits =
              out.entity()
                  && out.shape() != Shape.VOID
                  && out.shape() != Shape.LONG
                  && out.shape() != Shape.INT
                  && out.shape() != Shape.BOOLEAN
                  && (!page || takes(Role.PAGE_REQUEST));
          if (!fits) {
            String expected =
                page && out.entity()
                    ? out.display() + " with a PageRequest parameter, or List<" + e + ">"
                    : e
                        + ", Optional<"
                        + e
                        + ">, List<"
                        + e
                        + ">, "
                        + e
                        + "[], Stream<"
                        + e
                        + ">, or with a PageRequest parameter Page<"
                        + e
                        + "> or CursoredPage<"
                        + e
                        + ">";
            error(Message.QUERY_RETURN_TYPE, method.name(), out.display(), "a find", expected);
          }
        }
        case COUNT -> {
          if (out.shape() != Shape.LONG && out.shape() != Shape.INT) {
            error(Message.QUERY_RETURN_TYPE, method.name(), out.display(), "a count", "long");
          }
        }
        case EXISTS -> {
          if (out.shape() != Shape.BOOLEAN) {
            error(Message.QUERY_RETURN_TYPE, method.name(), out.display(), "an exists", "boolean");
          }
        }
        case DELETE -> {
          if (out.shape() != Shape.VOID && out.shape() != Shape.LONG && out.shape() != Shape.INT) {
            error(
                Message.QUERY_RETURN_TYPE,
                method.name(),
                out.display(),
                "a delete",
                "void, or long for the number deleted");
          }
        }
        default -> error(Message.REPOSITORY_METHOD, method.name());
      }
    }

    private void checkIndexes(QueryPlan plan) {
      // @SuppressWarnings("osmos.query.unindexed"): the method runs on stores that evaluate on the
      // server only, and its author knows it. The error of -Aosmos.unindexed=error stays.
      boolean quiet = method.suppressed().contains("osmos.query.unindexed");
      Set<String> warned = new LinkedHashSet<>();
      plan.accept(
          new PlanVisitor() {
            @Override
            public void attribute(AttributeRef a, AttributeUse use) {
              if (use != AttributeUse.CONDITION && use != AttributeUse.ORDER) {
                return;
              }
              PropertyInfo p = attributes.get(a.path().dotted());
              if (p == null
                  || p.has(Marker.KEY)
                  || p.has(Marker.INDEX)
                  || !warned.add(use + p.name())) {
                return;
              }
              String verb = use == AttributeUse.ORDER ? "sorts on" : "has a condition on";
              if (unindexedIsError) {
                error(
                    Message.QUERY_UNINDEXED_ERROR,
                    method.name(),
                    verb,
                    model.simpleName(),
                    p.name());
              } else if (!quiet) {
                report.add(
                    Message.QUERY_UNINDEXED, at, method.name(), verb, model.simpleName(), p.name());
              }
            }
          });
    }
  }

  private static String simple(TypeName t) {
    return t.toString().replaceAll("\\b[a-z][a-z0-9_]*\\.", "");
  }

  /** The edit distance between two names. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
