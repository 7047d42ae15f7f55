package io.osmos.processor.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The plan types: their checks, canonical form, visitor and rewriting. */
class JdqlPlanTest {
  private static final Span S = Span.NONE;

  private static AttributeRef attr(String dotted) {
    return AttributeRef.of(AttributePath.of(dotted, S));
  }

  @Test
  void visitsEveryAttributeAndOperandInWrittenOrder() {
    QueryPlan p =
        JdqlParser.parse(
            "SELECT title FROM Book WHERE (price BETWEEN :lo AND :hi OR NOT tag IN ('a', :t))"
                + " AND LOWER(name) LIKE :n AND note IS NULL ORDER BY price DESC");
    List<String> seen = new ArrayList<>();
    p.accept(
        new PlanVisitor() {
          @Override
          public void entity(EntityName entity) {
            seen.add("entity " + entity);
          }

          @Override
          public void attribute(AttributeRef attribute, AttributeUse use) {
            seen.add(use + " " + attribute);
          }

          @Override
          public void operand(Operand operand, AttributeRef attribute, Condition condition) {
            seen.add(operand + " vs " + attribute + " in " + condition.getClass().getSimpleName());
          }
        });
    assertEquals(
        List.of(
            "entity Book",
            "SELECTED title",
            "CONDITION price",
            ":lo vs price in Between",
            ":hi vs price in Between",
            "CONDITION tag",
            "'a' vs tag in In",
            ":t vs tag in In",
            "CONDITION LOWER(name)",
            ":n vs LOWER(name) in Like",
            "CONDITION note",
            "ORDER price"),
        seen);
  }

  @Test
  void visitsAssignments() {
    QueryPlan p =
        JdqlParser.parse("UPDATE Book SET stock = stock - ?1, note = NULL WHERE id(this) = ?2");
    List<String> seen = new ArrayList<>();
    p.accept(
        new PlanVisitor() {
          @Override
          public void attribute(AttributeRef attribute, AttributeUse use) {
            seen.add(use + " " + attribute);
          }

          @Override
          public void operand(Operand operand, Assignment assignment) {
            seen.add(operand + " for " + assignment.attribute());
          }

          @Override
          public void operand(Operand operand, AttributeRef attribute, Condition condition) {
            seen.add(operand + " vs " + attribute);
          }
        });
    assertEquals(
        List.of(
            "ASSIGNED stock",
            "?1 for stock",
            "ASSIGNED note",
            "CONDITION id(this)",
            "?2 vs id(this)"),
        seen);
  }

  @Test
  void listsParameters() {
    QueryPlan p = JdqlParser.parse("WHERE a = :x OR b IN (:y, :x) AND c LIKE :z");
    assertEquals("[:x, :y, :x, :z]", p.parameters().toString());
    assertEquals(List.of("x", "y", "z"), p.namedParameters());
    assertEquals(List.of(), JdqlParser.parse("WHERE a = ?2 AND b = ?1").namedParameters());
  }

  @Test
  void namesBecomePositions() {
    String q = "UPDATE Book SET price = :p WHERE a = :x OR b BETWEEN :x AND :y";
    QueryPlan p = JdqlParser.parse(q).withNamesAsPositions(Map.of("x", 1, "y", 2, "p", 3));
    assertEquals("UPDATE Book SET price = ?3 WHERE (a = ?1 OR b BETWEEN ?1 AND ?2)", p.toString());
    Operand.Parameter y = p.parameters().get(3);
    assertEquals(new Operand.Positional(2, new Span(q.indexOf(":y"), 2)), y);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> JdqlParser.parse(q).withNamesAsPositions(Map.of("x", 1)));
    assertTrue(e.getMessage().startsWith("no position for the parameter :p"), e.getMessage());
  }

  @Test
  void canonicalFormOfPlansFromMethodNames() {
    // findFirst3ByNameIgnoreCaseStartsWithAndActiveTrueOrderByPriceDesc(String)
    QueryPlan p =
        new QueryPlan(
            QueryKind.FIND,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.of(
                new Condition.And(
                    List.of(
                        new Condition.Like(
                            new AttributeRef(AttributePath.of("name", S), CaseFold.IGNORE_CASE, S),
                            Condition.LikeMode.STARTS_WITH,
                            new Operand.Positional(1, S),
                            Optional.empty(),
                            S),
                        new Condition.Compare(
                            attr("active"),
                            Condition.Operator.EQUAL,
                            new Operand.BooleanLiteral(true, S),
                            S)),
                    S)),
            List.of(new OrderItem(attr("price"), true, S)),
            OptionalInt.of(3),
            S);
    assertEquals(
        "FIND WHERE (IGNORE_CASE(name) STARTS_WITH ?1 AND active = TRUE) ORDER BY price DESC FIRST 3",
        p.toString());
    assertEquals(
        "EXISTS WHERE tags CONTAINS ?1",
        QueryPlan.of(
                QueryKind.EXISTS,
                Optional.of(
                    new Condition.Like(
                        attr("tags"),
                        Condition.LikeMode.CONTAINS,
                        new Operand.Positional(1, S),
                        Optional.empty(),
                        S)),
                S)
            .toString());
  }

  @Test
  void withOrderByAndWithEntityKeepTheRest() {
    QueryPlan p =
        JdqlParser.parse("WHERE a = 1 ORDER BY a")
            .withOrderBy(List.of(new OrderItem(attr("b"), true, S)))
            .withEntity(new EntityName("Book", S));
    assertEquals("FIND FROM Book WHERE a = 1 ORDER BY a ASC, b DESC", p.toString());
  }

  @Test
  void plansCheckThatClausesFitTheKind() {
    AttributePath t = AttributePath.of("title", S);
    assertEquals(
        "only FIND selects an attribute, not COUNT",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new QueryPlan(
                        QueryKind.COUNT,
                        Optional.of(t),
                        Optional.empty(),
                        List.of(),
                        Optional.empty(),
                        List.of(),
                        OptionalInt.empty(),
                        S))
            .getMessage());
    assertEquals(
        "UPDATE needs an assignment",
        assertThrows(
                IllegalArgumentException.class,
                () -> QueryPlan.of(QueryKind.UPDATE, Optional.empty(), S))
            .getMessage());
    Assignment set =
        new Assignment(t, Assignment.Change.SET, Optional.of(new Operand.Positional(1, S)), S);
    assertEquals(
        "FIND has no assignments",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new QueryPlan(
                        QueryKind.FIND,
                        Optional.empty(),
                        Optional.empty(),
                        List.of(set),
                        Optional.empty(),
                        List.of(),
                        OptionalInt.empty(),
                        S))
            .getMessage());
    assertEquals(
        "first must be 1 or more, found 0",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new QueryPlan(
                        QueryKind.FIND,
                        Optional.empty(),
                        Optional.empty(),
                        List.of(),
                        Optional.empty(),
                        List.of(),
                        OptionalInt.of(0),
                        S))
            .getMessage());
  }

  @Test
  void piecesCheckTheirParts() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Condition.And(List.of(new Condition.IsNull(attr("a"), S)), S));
    assertThrows(IllegalArgumentException.class, () -> new Condition.Or(List.of(), S));
    assertThrows(IllegalArgumentException.class, () -> new Condition.In(attr("a"), List.of(), S));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Condition.Like(
                attr("a"),
                Condition.LikeMode.CONTAINS,
                new Operand.Positional(1, S),
                Optional.of('!'),
                S));
    assertThrows(IllegalArgumentException.class, () -> new Operand.Positional(0, S));
    assertThrows(IllegalArgumentException.class, () -> new AttributePath(List.of(), S));
    assertThrows(IllegalArgumentException.class, () -> new Span(-2, 0));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Assignment(
                AttributePath.of("a", S),
                Assignment.Change.SET_NULL,
                Optional.of(new Operand.Positional(1, S)),
                S));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Assignment(AttributePath.of("a", S), Assignment.Change.ADD, Optional.empty(), S));
  }

  @Test
  void identifierPath() {
    assertTrue(AttributePath.identifier(S).isIdentifier());
    assertFalse(AttributePath.of("id", S).isIdentifier());
    assertEquals("id(this)", AttributePath.identifier(S).dotted());
    assertEquals(List.of("address", "city"), AttributePath.of("address.city", S).segments());
  }

  @Test
  void spanPositionsAndUnion() {
    assertEquals("column 3", new Span(2, 1).position("abcdef"));
    assertEquals("line 2, column 2", new Span(5, 1).position("abc\nde\nf"));
    assertEquals("line 3, column 1", new Span(7, 0).position("abc\nde\nf"));
    assertEquals(new Span(2, 8), new Span(2, 3).to(new Span(7, 3)));
    assertEquals(new Span(2, 3), new Span(2, 3).to(Span.NONE));
    assertEquals(new Span(2, 3), Span.NONE.to(new Span(2, 3)));
  }

  @Test
  void mirroredOperators() {
    for (Condition.Operator o : Condition.Operator.values()) {
      assertEquals(o, o.mirrored().mirrored());
    }
    assertEquals(
        Condition.Operator.LESS_THAN_OR_EQUAL, Condition.Operator.GREATER_THAN_OR_EQUAL.mirrored());
    assertEquals(Condition.Operator.NOT_EQUAL, Condition.Operator.NOT_EQUAL.mirrored());
  }
}
