package io.osmos.processor.query;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * What a repository query method does, read at compile time from its JDQL ({@code @Query}), its
 * name ({@code findByTitleOrderByPriceDesc}) or its annotations ({@code @Find}, {@code @By},
 * {@code @OrderBy}). All three produce this one plan; the processor checks it against the entity
 * and writes code that runs it.
 *
 * <p>The plan is syntax only: attribute paths, parameters and the entity name are as written, and a
 * {@link PlanVisitor} resolves them. Every piece carries its {@link Span} in the text it came from.
 *
 * <p>{@code toString()} prints the plan canonically, for example {@code FIND FROM Book WHERE (price
 * < :max AND LOWER(title) LIKE 'a%') ORDER BY title ASC}: clauses in a fixed order, absent ones
 * left out. A plan read from JDQL prints as JDQL that reads back into the same plan, once a leading
 * {@code FIND} is dropped or a leading {@code COUNT} written {@code SELECT COUNT(THIS)}.
 *
 * @param kind what the query does
 * @param selection for {@link QueryKind#FIND}: the one attribute returned instead of the entity
 * @param entity the entity named in the query; empty when it is implied by the repository
 * @param assignments for {@link QueryKind#UPDATE}: the changes, at least one; otherwise empty
 * @param where the condition; empty when every entity takes part
 * @param orderBy the sort keys, most significant first
 * @param first at most this many results ({@code findFirst3By...}); empty for no limit
 * @param span the whole text
 */
public record QueryPlan(
    QueryKind kind,
    Optional<AttributePath> selection,
    Optional<EntityName> entity,
    List<Assignment> assignments,
    Optional<Condition> where,
    List<OrderItem> orderBy,
    OptionalInt first,
    Span span) {

  /** Copies the lists and checks that each clause fits the kind. */
  public QueryPlan {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(selection, "selection");
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(span, "span");
    assignments = List.copyOf(assignments);
    orderBy = List.copyOf(orderBy);
    if (selection.isPresent() && kind != QueryKind.FIND) {
      throw new IllegalArgumentException("only FIND selects an attribute, not " + kind);
    }
    if (assignments.isEmpty() == (kind == QueryKind.UPDATE)) {
      throw new IllegalArgumentException(
          kind == QueryKind.UPDATE ? "UPDATE needs an assignment" : kind + " has no assignments");
    }
    if (first.isPresent() && first.getAsInt() < 1) {
      throw new IllegalArgumentException("first must be 1 or more, found " + first.getAsInt());
    }
  }

  /**
   * A plan of {@code kind} with {@code where} and no selection, entity, assignments, order or
   * limit.
   */
  public static QueryPlan of(QueryKind kind, Optional<Condition> where, Span span) {
    return new QueryPlan(
        kind,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        where,
        List.of(),
        OptionalInt.empty(),
        span);
  }

  /** This plan with {@code entity} named. */
  public QueryPlan withEntity(EntityName name) {
    return new QueryPlan(
        kind, selection, Optional.of(name), assignments, where, orderBy, first, span);
  }

  /** This plan with {@code items} added after its sort keys (from {@code @OrderBy}, say). */
  public QueryPlan withOrderBy(List<OrderItem> items) {
    List<OrderItem> all = new ArrayList<>(orderBy);
    all.addAll(items);
    return new QueryPlan(kind, selection, entity, assignments, where, all, first, span);
  }

  /** The parameters, in the order they are written (a parameter used twice appears twice). */
  public List<Operand.Parameter> parameters() {
    List<Operand.Parameter> found = new ArrayList<>();
    accept(
        new PlanVisitor() {
          @Override
          public void operand(Operand operand, AttributeRef attribute, Condition condition) {
            add(operand);
          }

          @Override
          public void operand(Operand operand, Assignment assignment) {
            add(operand);
          }

          private void add(Operand operand) {
            if (operand instanceof Operand.Parameter) {
              found.add((Operand.Parameter) operand);
            }
          }
        });
    return found;
  }

  /** The names of the named parameters, each once, in the order they first appear. */
  public List<String> namedParameters() {
    Set<String> names = new LinkedHashSet<>();
    for (Operand.Parameter p : parameters()) {
      if (p instanceof Operand.Named) {
        names.add(((Operand.Named) p).name());
      }
    }
    return List.copyOf(names);
  }

  /**
   * This plan with each named parameter replaced by a positional one, so that code generation
   * handles one kind. The spans stay those of the names.
   *
   * @param positions the position, from 1, of each name: usually the index of the method parameter
   *     with that name (or {@code @Param} value), counted from 1
   * @throws IllegalArgumentException if a name has no position
   */
  public QueryPlan withNamesAsPositions(Map<String, Integer> positions) {
    return mapOperands(
        o -> {
          if (!(o instanceof Operand.Named)) {
            return o;
          }
          Operand.Named n = (Operand.Named) o;
          Integer position = positions.get(n.name());
          if (position == null) {
            throw new IllegalArgumentException(
                "no position for the parameter :" + n.name() + ", only for " + positions.keySet());
          }
          return new Operand.Positional(position, n.span());
        });
  }

  /**
   * This plan with every operand (of conditions and assignments) replaced by what {@code f} returns
   * for it; everything else stays.
   */
  public QueryPlan mapOperands(UnaryOperator<Operand> f) {
    List<Assignment> mapped = new ArrayList<>();
    for (Assignment a : assignments) {
      mapped.add(new Assignment(a.attribute(), a.change(), a.operand().map(f), a.span()));
    }
    return new QueryPlan(
        kind, selection, entity, mapped, where.map(c -> map(c, f)), orderBy, first, span);
  }

  private static Condition map(Condition c, UnaryOperator<Operand> f) {
    if (c instanceof Condition.And) {
      Condition.And x = (Condition.And) c;
      List<Condition> operands = new ArrayList<>();
      x.operands().forEach(o -> operands.add(map(o, f)));
      return new Condition.And(operands, x.span());
    } else if (c instanceof Condition.Or) {
      Condition.Or x = (Condition.Or) c;
      List<Condition> operands = new ArrayList<>();
      x.operands().forEach(o -> operands.add(map(o, f)));
      return new Condition.Or(operands, x.span());
    } else if (c instanceof Condition.Not) {
      Condition.Not x = (Condition.Not) c;
      return new Condition.Not(map(x.operand(), f), x.span());
    } else if (c instanceof Condition.Compare) {
      Condition.Compare x = (Condition.Compare) c;
      return new Condition.Compare(x.attribute(), x.operator(), f.apply(x.operand()), x.span());
    } else if (c instanceof Condition.Between) {
      Condition.Between x = (Condition.Between) c;
      return new Condition.Between(x.attribute(), f.apply(x.low()), f.apply(x.high()), x.span());
    } else if (c instanceof Condition.In) {
      Condition.In x = (Condition.In) c;
      List<Operand> values = new ArrayList<>();
      x.values().forEach(o -> values.add(f.apply(o)));
      return new Condition.In(x.attribute(), values, x.span());
    } else if (c instanceof Condition.Like) {
      Condition.Like x = (Condition.Like) c;
      return new Condition.Like(
          x.attribute(), x.mode(), f.apply(x.operand()), x.escape(), x.span());
    } else {
      return c;
    }
  }

  /**
   * Calls {@code visitor} for the entity name, then each attribute and operand in the order the
   * clauses print: selection, assignments, condition, order.
   */
  public void accept(PlanVisitor visitor) {
    entity.ifPresent(visitor::entity);
    selection.ifPresent(
        p -> visitor.attribute(AttributeRef.of(p), PlanVisitor.AttributeUse.SELECTED));
    for (Assignment a : assignments) {
      visitor.attribute(AttributeRef.of(a.attribute()), PlanVisitor.AttributeUse.ASSIGNED);
      a.operand().ifPresent(o -> visitor.operand(o, a));
    }
    where.ifPresent(c -> visit(c, visitor));
    for (OrderItem o : orderBy) {
      visitor.attribute(o.attribute(), PlanVisitor.AttributeUse.ORDER);
    }
  }

  private static void visit(Condition c, PlanVisitor v) {
    if (c instanceof Condition.And) {
      ((Condition.And) c).operands().forEach(o -> visit(o, v));
    } else if (c instanceof Condition.Or) {
      ((Condition.Or) c).operands().forEach(o -> visit(o, v));
    } else if (c instanceof Condition.Not) {
      visit(((Condition.Not) c).operand(), v);
    } else if (c instanceof Condition.Compare) {
      Condition.Compare x = (Condition.Compare) c;
      v.attribute(x.attribute(), PlanVisitor.AttributeUse.CONDITION);
      v.operand(x.operand(), x.attribute(), c);
    } else if (c instanceof Condition.Between) {
      Condition.Between x = (Condition.Between) c;
      v.attribute(x.attribute(), PlanVisitor.AttributeUse.CONDITION);
      v.operand(x.low(), x.attribute(), c);
      v.operand(x.high(), x.attribute(), c);
    } else if (c instanceof Condition.In) {
      Condition.In x = (Condition.In) c;
      v.attribute(x.attribute(), PlanVisitor.AttributeUse.CONDITION);
      x.values().forEach(o -> v.operand(o, x.attribute(), c));
    } else if (c instanceof Condition.Like) {
      Condition.Like x = (Condition.Like) c;
      v.attribute(x.attribute(), PlanVisitor.AttributeUse.CONDITION);
      v.operand(x.operand(), x.attribute(), c);
    } else if (c instanceof Condition.IsNull) {
      v.attribute(((Condition.IsNull) c).attribute(), PlanVisitor.AttributeUse.CONDITION);
    } else if (c instanceof Condition.IsNotNull) {
      v.attribute(((Condition.IsNotNull) c).attribute(), PlanVisitor.AttributeUse.CONDITION);
    } else {
      throw new AssertionError("a condition of an unknown kind: " + c.getClass().getName());
    }
  }

  /** The canonical form; see the class description. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(kind.name());
    selection.ifPresent(p -> s.append(" SELECT ").append(p));
    // JDQL writes UPDATE Book, without FROM
    entity.ifPresent(e -> s.append(kind == QueryKind.UPDATE ? " " : " FROM ").append(e));
    if (!assignments.isEmpty()) {
      s.append(
          assignments.stream()
              .map(Object::toString)
              .collect(Collectors.joining(", ", " SET ", "")));
    }
    where.ifPresent(c -> s.append(" WHERE ").append(c));
    if (!orderBy.isEmpty()) {
      s.append(
          orderBy.stream()
              .map(Object::toString)
              .collect(Collectors.joining(", ", " ORDER BY ", "")));
    }
    first.ifPresent(n -> s.append(" FIRST ").append(n));
    return s.toString();
  }
}
