package io.osmos.processor.query;

import io.osmos.processor.query.JdqlLexer.Kind;
import io.osmos.processor.query.JdqlLexer.Token;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JDQL query (the language of Jakarta Data's {@code @Query}) into a {@link QueryPlan}.
 *
 * <p>The subset Osmos reads, with keywords in any case:
 *
 * <pre>
 * statement  := select | delete | update
 * select     := [SELECT (path | ID(THIS) | COUNT(THIS))] [FROM entity] [WHERE condition]
 *               [ORDER BY order (',' order)*]
 * delete     := DELETE FROM entity [WHERE condition]
 * update     := UPDATE entity SET assignment (',' assignment)* [WHERE condition]
 * condition  := condition OR condition | condition AND condition | NOT condition
 *             | '(' condition ')' | test
 * test       := attribute (= | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=) operand
 *             | operand (= | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=) attribute
 *             | attribute [NOT] BETWEEN operand AND operand
 *             | attribute [NOT] IN '(' operand (',' operand)* ')' | attribute [NOT] IN parameter
 *             | attribute [NOT] LIKE (string | parameter) [ESCAPE string]
 *             | attribute IS [NOT] NULL
 * attribute  := path | ID(THIS) | LOWER '(' path ')' | UPPER '(' path ')'
 * path       := [this '.'] name ('.' name)*
 * operand    := :name | ?position | string | [+|-] number | TRUE | FALSE
 *             | LOCAL (DATE | TIME | DATETIME) | EnumType.CONSTANT
 * order      := attribute [ASC | DESC]
 * assignment := path '=' (operand | NULL | path (+ | - | * | /) operand)
 * </pre>
 *
 * <p>{@code NOT} binds tighter than {@code AND}, {@code AND} tighter than {@code OR}. A query uses
 * named or positional parameters, not both. Arithmetic, functions other than {@code LOWER}, {@code
 * UPPER}, {@code ID} and {@code COUNT}, comparisons between two attributes and several selected
 * attributes are JDQL that Osmos does not evaluate: they are reported with {@link
 * JdqlException.Reason#UNSUPPORTED}, as are conditions nested (by {@code NOT} and parentheses) more
 * than 100 levels deep.
 *
 * <p>The parser does not know the entity: it neither resolves attribute paths nor matches
 * parameters to method parameters. Use {@link QueryPlan#accept(PlanVisitor)} for that.
 */
public final class JdqlParser {
  static final String END_OF_QUERY = "the end of the query";

  // JDQL's keywords, and IS and ESCAPE: never an attribute or entity name. Function names (LOWER,
  // COUNT, ...) are keywords only before '('.
  private static final Set<String> RESERVED =
      Set.of(
          "SELECT", "UPDATE", "SET", "DELETE", "FROM", "WHERE", "ORDER", "BY", "ASC", "DESC", "NOT",
          "AND", "OR", "BETWEEN", "LIKE", "IN", "NULL", "LOCAL", "TRUE", "FALSE", "IS", "ESCAPE");
  private static final Set<String> UNSUPPORTED_FUNCTIONS =
      Set.of("ABS", "LENGTH", "LEFT", "RIGHT", "CONCAT", "SUBSTRING", "TRIM", "LOCATE", "MOD");
  private static final Set<String> ARITHMETIC = Set.of("+", "-", "*", "/", "||");
  private static final String COMPARISON_OPERATORS = "=, <>, <, <=, >, >=";
  private static final String OPERAND = "a parameter or a literal";
  private static final int MAX_NESTING = 100;
  private static final Pattern KEYWORD = Pattern.compile("\\b[A-Z]{2,}\\b");

  private final String text;
  private final List<Token> tokens;
  private int index;
  private Token firstNamed;
  private Token firstPositional;
  private int depth;

  private JdqlParser(String text) {
    this.text = text;
    this.tokens = JdqlLexer.tokens(text);
  }

  /**
   * Reads {@code jdql} into a plan.
   *
   * @param jdql the query, as in {@code @Query}
   * @return the plan; its spans point into {@code jdql}
   * @throws JdqlException if the text is not JDQL, or uses JDQL that Osmos does not evaluate
   */
  public static QueryPlan parse(String jdql) {
    return new JdqlParser(jdql).statement();
  }

  // ---------------------------------------------------------------- statements

  private QueryPlan statement() {
    if (peek().isKeyword("DELETE")) {
      return delete();
    }
    if (peek().isKeyword("UPDATE")) {
      return update();
    }
    return select();
  }

  private QueryPlan select() {
    QueryKind kind = QueryKind.FIND;
    Optional<AttributePath> selection = Optional.empty();
    String next = "SELECT, FROM, WHERE, ORDER BY, DELETE, UPDATE or " + END_OF_QUERY;
    if (peek().isKeyword("SELECT")) {
      advance();
      if (isCall("COUNT")) {
        advance();
        advance();
        expectKeyword("THIS", "THIS, as in COUNT(THIS),");
        expectSymbol(")", "')'");
        kind = QueryKind.COUNT;
      } else {
        Token first = peek();
        if (first.isKeyword("DISTINCT") && peekAt(1).kind() == Kind.IDENTIFIER) {
          throw unsupported(
              first, "JDQL has no DISTINCT; select the attribute and collect it into a Set");
        }
        AttributeRef selected = attribute("an attribute, ID(THIS) or COUNT(THIS)");
        if (selected.foldsCase()) {
          throw unsupported(
              first, "Osmos selects an attribute as stored; remove " + selected.fold() + "()");
        }
        if (peek().is(",")) {
          throw unsupported(
              peek(),
              "Osmos selects the entity or one attribute, not several; select the entity and read"
                  + " the attributes from it");
        }
        selection = Optional.of(selected.path());
      }
      next = "FROM, WHERE, ORDER BY or " + END_OF_QUERY;
    }
    Optional<EntityName> entity = Optional.empty();
    if (peek().isKeyword("FROM")) {
      advance();
      entity = Optional.of(entityName());
      next = "WHERE, ORDER BY or " + END_OF_QUERY;
    }
    Optional<Condition> where = Optional.empty();
    if (peek().isKeyword("WHERE")) {
      advance();
      where = Optional.of(condition());
      next = "AND, OR, ORDER BY or " + END_OF_QUERY;
    }
    List<OrderItem> order = new ArrayList<>();
    if (peek().isKeyword("ORDER")) {
      advance();
      expectKeyword("BY", "BY");
      do {
        order.add(orderItem());
      } while (acceptSymbol(","));
      boolean directed = previous().isKeyword("ASC") || previous().isKeyword("DESC");
      next = (directed ? "',' or " : "ASC, DESC, ',' or ") + END_OF_QUERY;
    }
    expectEnd(next);
    return new QueryPlan(
        kind, selection, entity, List.of(), where, order, OptionalInt.empty(), whole());
  }

  private QueryPlan delete() {
    advance();
    expectKeyword("FROM", "FROM");
    EntityName entity = entityName();
    Optional<Condition> where = Optional.empty();
    String next = "WHERE or " + END_OF_QUERY;
    if (peek().isKeyword("WHERE")) {
      advance();
      where = Optional.of(condition());
      next = "AND, OR or " + END_OF_QUERY;
    }
    expectEnd(next);
    return new QueryPlan(
        QueryKind.DELETE,
        Optional.empty(),
        Optional.of(entity),
        List.of(),
        where,
        List.of(),
        OptionalInt.empty(),
        whole());
  }

  private QueryPlan update() {
    advance();
    EntityName entity = entityName();
    expectKeyword("SET", "SET");
    List<Assignment> assignments = new ArrayList<>();
    do {
      assignments.add(assignment());
    } while (acceptSymbol(","));
    Optional<Condition> where = Optional.empty();
    String next = "',', WHERE or " + END_OF_QUERY;
    if (peek().isKeyword("WHERE")) {
      advance();
      where = Optional.of(condition());
      next = "AND, OR or " + END_OF_QUERY;
    }
    expectEnd(next);
    return new QueryPlan(
        QueryKind.UPDATE,
        Optional.empty(),
        Optional.of(entity),
        assignments,
        where,
        List.of(),
        OptionalInt.empty(),
        whole());
  }

  private EntityName entityName() {
    Token t = peek();
    if (t.kind() != Kind.IDENTIFIER || isReserved(t)) {
      throw syntax("an entity name", t);
    }
    advance();
    return new EntityName(t.text(), t.span());
  }

  private Assignment assignment() {
    AttributePath target = path("an attribute to set");
    expectSymbol("=", "'='");
    Token t = peek();
    if (t.isKeyword("NULL")) {
      advance();
      return new Assignment(
          target, Assignment.Change.SET_NULL, Optional.empty(), target.span().to(t.span()));
    }
    if (startsPath(t) && !peekAt(1).is("(")) {
      int after = index + 1;
      while (tokens.get(after).is(".") && tokens.get(after + 1).kind() == Kind.IDENTIFIER) {
        after += 2;
      }
      Token op = tokens.get(after);
      if (op.is("||")) {
        throw arithmetic(op);
      }
      if (isArithmetic(op)) {
        return computed(target, op);
      }
      if (after == index + 1) {
        throw unsupported(
            t,
            "Osmos sets an attribute to a parameter, a literal or NULL, or computes it from itself"
                + " ('"
                + target
                + " = "
                + target
                + " + 1'), but does not copy another attribute; an enum constant is written with"
                + " its type, as Status.ACTIVE");
      }
    }
    Operand operand = operand();
    noArithmeticAfter();
    return new Assignment(
        target, Assignment.Change.SET, Optional.of(operand), target.span().to(operand.span()));
  }

  // target = target (+|-|*|/) operand
  private Assignment computed(AttributePath target, Token op) {
    Token start = peek();
    AttributePath source = path("an attribute");
    if (!source.segments().equals(target.segments())) {
      throw unsupported(
          start,
          "an assignment computes an attribute from itself only: write '"
              + target
              + " = "
              + target
              + " "
              + op.text()
              + " ...'");
    }
    advance();
    Operand operand = operand();
    noArithmeticAfter();
    Assignment.Change change =
        op.is("+")
            ? Assignment.Change.ADD
            : op.is("-")
                ? Assignment.Change.SUBTRACT
                : op.is("*") ? Assignment.Change.MULTIPLY : Assignment.Change.DIVIDE;
    return new Assignment(target, change, Optional.of(operand), target.span().to(operand.span()));
  }

  private OrderItem orderItem() {
    AttributeRef attribute = attribute("an attribute to sort on");
    boolean descending = false;
    Span span = attribute.span();
    if (peek().isKeyword("ASC") || peek().isKeyword("DESC")) {
      descending = peek().isKeyword("DESC");
      span = span.to(advance().span());
    }
    return new OrderItem(attribute, descending, span);
  }

  // ---------------------------------------------------------------- conditions

  private Condition condition() {
    Condition first = conjunction();
    if (!peek().isKeyword("OR")) {
      return first;
    }
    List<Condition> operands = new ArrayList<>();
    addFlat(operands, first, Condition.Or.class);
    while (peek().isKeyword("OR")) {
      advance();
      addFlat(operands, conjunction(), Condition.Or.class);
    }
    return new Condition.Or(operands, first.span().to(previous().span()));
  }

  private Condition conjunction() {
    Condition first = negation();
    if (!peek().isKeyword("AND")) {
      return first;
    }
    List<Condition> operands = new ArrayList<>();
    addFlat(operands, first, Condition.And.class);
    while (peek().isKeyword("AND")) {
      advance();
      addFlat(operands, negation(), Condition.And.class);
    }
    return new Condition.And(operands, first.span().to(previous().span()));
  }

  private static void addFlat(List<Condition> into, Condition c, Class<? extends Condition> kind) {
    if (kind.isInstance(c)) {
      into.addAll(
          c instanceof Condition.And
              ? ((Condition.And) c).operands()
              : ((Condition.Or) c).operands());
    } else {
      into.add(c);
    }
  }

  private Condition negation() {
    if (!peek().isKeyword("NOT") && !peek().is("(")) {
      return test();
    }
    // Each NOT and '(' is a level of recursion: a limit keeps absurd text from overflowing the
    // compiler's stack.
    if (++depth > MAX_NESTING) {
      throw unsupported(
          peek(), "Osmos reads conditions nested at most " + MAX_NESTING + " levels deep");
    }
    try {
      if (peek().isKeyword("NOT")) {
        Token not = advance();
        Condition operand = negation();
        return new Condition.Not(operand, not.span().to(previous().span()));
      }
      Token open = advance();
      Condition inner = condition();
      if (!peek().is(")")) {
        throw syntax("AND, OR or ')'", peek());
      }
      advance();
      // The parentheses belong to the condition's span: diagnostics then cover them too.
      return respan(inner, open.span().to(previous().span()));
    } finally {
      depth--;
    }
  }

  private static Condition respan(Condition c, Span span) {
    if (c instanceof Condition.And) {
      return new Condition.And(((Condition.And) c).operands(), span);
    }
    if (c instanceof Condition.Or) {
      return new Condition.Or(((Condition.Or) c).operands(), span);
    }
    return c;
  }

  private Condition test() {
    Token start = peek();
    if (startsPath(start)) {
      AttributeRef attribute = attribute("an attribute");
      return attributeTest(attribute);
    }
    if (startsOperand(start)) {
      Operand left = operand();
      Token op = peek();
      Condition.Operator operator = comparison(op);
      if (operator == null) {
        if (isArithmetic(op)) {
          throw arithmetic(op);
        }
        if (op.isKeyword("BETWEEN")
            || op.isKeyword("IN")
            || op.isKeyword("LIKE")
            || op.isKeyword("IS")
            || op.isKeyword("NOT")) {
          throw unsupported(
              start,
              "Osmos reads " + op.text().toUpperCase(Locale.ROOT) + " with the attribute first");
        }
        throw syntax("a comparison operator (" + COMPARISON_OPERATORS + ")", op);
      }
      advance();
      Token right = peek();
      if (!startsPath(right)) {
        if (startsOperand(right)) {
          throw unsupported(
              right, "Osmos compares an attribute with a parameter or a literal, not two values");
        }
        throw syntax("an attribute", right);
      }
      AttributeRef attribute = attribute("an attribute");
      noArithmeticAfter();
      return new Condition.Compare(
          attribute, operator.mirrored(), left, left.span().to(attribute.span()));
    }
    throw syntax("a condition (an attribute, a parameter, a literal, NOT or '(')", start);
  }

  private Condition attributeTest(AttributeRef attribute) {
    Token t = peek();
    if (t.isKeyword("IS")) {
      advance();
      boolean not = false;
      if (peek().isKeyword("NOT")) {
        advance();
        not = true;
      }
      expectKeyword("NULL", not ? "NULL" : "NOT or NULL");
      Span span = attribute.span().to(previous().span());
      return not ? new Condition.IsNotNull(attribute, span) : new Condition.IsNull(attribute, span);
    }
    boolean not = false;
    if (t.isKeyword("NOT")) {
      advance();
      not = true;
      t = peek();
      if (!t.isKeyword("BETWEEN") && !t.isKeyword("IN") && !t.isKeyword("LIKE")) {
        throw syntax("BETWEEN, IN or LIKE", t);
      }
    }
    Condition positive;
    if (t.isKeyword("BETWEEN")) {
      advance();
      Operand low = operand();
      noArithmeticAfter();
      expectKeyword("AND", "AND, as in BETWEEN :min AND :max,");
      Operand high = operand();
      noArithmeticAfter();
      positive = new Condition.Between(attribute, low, high, attribute.span().to(high.span()));
    } else if (t.isKeyword("IN")) {
      advance();
      positive = in(attribute);
    } else if (t.isKeyword("LIKE")) {
      advance();
      positive = like(attribute);
    } else {
      Condition.Operator operator = comparison(t);
      if (operator == null) {
        if (isArithmetic(t)) {
          throw arithmetic(t);
        }
        throw syntax(
            "a comparison operator (" + COMPARISON_OPERATORS + "), IS, BETWEEN, IN or LIKE", t);
      }
      advance();
      if (peek().isKeyword("NULL")) {
        throw syntax(
            OPERAND,
            peek(),
            "compare with NULL as '"
                + attribute
                + (operator == Condition.Operator.NOT_EQUAL ? " IS NOT NULL'" : " IS NULL'"));
      }
      Operand operand = operand();
      noArithmeticAfter();
      return new Condition.Compare(
          attribute, operator, operand, attribute.span().to(operand.span()));
    }
    return not ? new Condition.Not(positive, positive.span()) : positive;
  }

  private Condition in(AttributeRef attribute) {
    List<Operand> values = new ArrayList<>();
    if (peek().kind() == Kind.NAMED_PARAMETER || peek().kind() == Kind.POSITIONAL_PARAMETER) {
      values.add(operand());
    } else {
      expectSymbol("(", "'(' or a parameter");
      do {
        Operand value = operand();
        noArithmeticAfter();
        values.add(value);
      } while (acceptSymbol(","));
      expectSymbol(")", "',' or ')'");
    }
    return new Condition.In(attribute, values, attribute.span().to(previous().span()));
  }

  private Condition like(AttributeRef attribute) {
    Token t = peek();
    if (t.kind() != Kind.STRING
        && t.kind() != Kind.NAMED_PARAMETER
        && t.kind() != Kind.POSITIONAL_PARAMETER) {
      throw syntax("a pattern (a string or a parameter)", t);
    }
    Operand pattern = operand();
    noArithmeticAfter();
    Optional<Character> escape = Optional.empty();
    if (peek().isKeyword("ESCAPE")) {
      advance();
      Token e = peek();
      if (e.kind() != Kind.STRING || e.value().length() != 1) {
        throw syntax("one character in quotes, such as '\\',", e);
      }
      advance();
      escape = Optional.of(e.value().charAt(0));
    }
    return new Condition.Like(
        attribute,
        Condition.LikeMode.PATTERN,
        pattern,
        escape,
        attribute.span().to(previous().span()));
  }

  private static Condition.Operator comparison(Token t) {
    if (t.kind() != Kind.SYMBOL) {
      return null;
    }
    switch (t.text()) {
      case "=":
        return Condition.Operator.EQUAL;
      case "<>":
        return Condition.Operator.NOT_EQUAL;
      case "<":
        return Condition.Operator.LESS_THAN;
      case "<=":
        return Condition.Operator.LESS_THAN_OR_EQUAL;
      case ">":
        return Condition.Operator.GREATER_THAN;
      case ">=":
        return Condition.Operator.GREATER_THAN_OR_EQUAL;
      default:
        return null;
    }
  }

  // ---------------------------------------------------------------- attributes and operands

  /** An attribute: a path, {@code ID(THIS)}, or {@code LOWER}/{@code UPPER} of a path. */
  private AttributeRef attribute(String expected) {
    Token t = peek();
    if (isCall("ID")) {
      advance();
      advance();
      expectKeyword("THIS", "THIS, as in ID(THIS),");
      expectSymbol(")", "')'");
      AttributePath id = AttributePath.identifier(t.span().to(previous().span()));
      return AttributeRef.of(id);
    }
    if (isCall("LOWER") || isCall("UPPER")) {
      CaseFold fold = t.isKeyword("LOWER") ? CaseFold.LOWER : CaseFold.UPPER;
      advance();
      advance();
      Token inner = peek();
      if (!startsPath(inner)) {
        if (startsOperand(inner)) {
          throw unsupported(
              inner,
              "Osmos applies "
                  + fold
                  + "() to an attribute; write the parameter or literal in the case you mean");
        }
        throw syntax("an attribute", inner);
      }
      AttributePath path = path("an attribute");
      if (isArithmetic(peek())) {
        throw arithmetic(peek());
      }
      expectSymbol(")", "')'");
      return new AttributeRef(path, fold, t.span().to(previous().span()));
    }
    if (startsPath(t) && peekAt(1).is("(")) {
      String name = t.text().toUpperCase(Locale.ROOT);
      if (UNSUPPORTED_FUNCTIONS.contains(name) || name.equals("COUNT")) {
        throw unsupported(
            t, "Osmos evaluates the functions LOWER(), UPPER(), ID(THIS) and COUNT(THIS) only");
      }
      throw syntax(expected, t, "'" + t.text() + "' is not a JDQL function");
    }
    if (!startsPath(t)) {
      throw syntax(expected, t);
    }
    AttributePath path = path(expected);
    if (isArithmetic(peek())) {
      throw arithmetic(peek());
    }
    return AttributeRef.of(path);
  }

  private AttributePath path(String expected) {
    Token first = peek();
    if (!startsPath(first)) {
      throw syntax(expected, first);
    }
    advance();
    List<String> segments = new ArrayList<>();
    // "this.title" is "title": JPQL writes the entity's variable, JDQL leaves it implied.
    if (!first.text().equals("this")) {
      segments.add(first.text());
    }
    Span span = first.span();
    if (segments.isEmpty() && !peek().is(".")) {
      throw syntax("'.' and an attribute", peek());
    }
    while (peek().is(".")) {
      advance();
      Token name = peek();
      if (name.kind() != Kind.IDENTIFIER) {
        throw syntax("an attribute name", name);
      }
      advance();
      segments.add(name.text());
      span = span.to(name.span());
    }
    return new AttributePath(segments, span);
  }

  private Operand operand() {
    Token t = peek();
    switch (t.kind()) {
      case NAMED_PARAMETER:
        if (firstPositional != null) {
          throw mixed(t, firstPositional);
        }
        if (firstNamed == null) {
          firstNamed = t;
        }
        advance();
        return new Operand.Named(t.value(), t.span());
      case POSITIONAL_PARAMETER:
        if (firstNamed != null) {
          throw mixed(t, firstNamed);
        }
        int position = positiveInt(t);
        if (firstPositional == null) {
          firstPositional = t;
        }
        advance();
        return new Operand.Positional(position, t.span());
      case STRING:
        advance();
        return new Operand.StringLiteral(t.value(), t.span());
      case INTEGER:
      case DECIMAL:
        advance();
        return number(t, false, t.span());
      case SYMBOL:
        if ((t.is("-") || t.is("+"))
            && (peekAt(1).kind() == Kind.INTEGER || peekAt(1).kind() == Kind.DECIMAL)) {
          advance();
          Token n = advance();
          return number(n, t.is("-"), t.span().to(n.span()));
        }
        if (t.is("-") || t.is("+")) {
          throw arithmetic(t);
        }
        throw syntax(OPERAND, t);
      case IDENTIFIER:
        return namedOperand(t);
      default:
        throw syntax(OPERAND, t);
    }
  }

  private Operand namedOperand(Token t) {
    if (t.isKeyword("TRUE") || t.isKeyword("FALSE")) {
      advance();
      return new Operand.BooleanLiteral(t.isKeyword("TRUE"), t.span());
    }
    if (t.isKeyword("LOCAL")) {
      advance();
      Token k = peek();
      for (Operand.LocalNow.Kind kind : Operand.LocalNow.Kind.values()) {
        if (k.isKeyword(kind.name())) {
          advance();
          return new Operand.LocalNow(kind, t.span().to(k.span()));
        }
      }
      throw syntax("DATE, TIME or DATETIME", k);
    }
    if (t.isKeyword("NULL")) {
      throw syntax(OPERAND, t, "test for NULL with IS NULL or IS NOT NULL");
    }
    if (isReserved(t)) {
      throw syntax(OPERAND, t);
    }
    if (peekAt(1).is("(")) {
      throw unsupported(
          t, "Osmos compares an attribute with a parameter or a literal, not with a function");
    }
    if (!isDotted(index)) {
      throw unsupported(
          t,
          "Osmos compares an attribute with a parameter or a literal, not with another attribute;"
              + " an enum constant is written with its type, as Status.ACTIVE");
    }
    StringBuilder name = new StringBuilder();
    Span span = t.span();
    advance();
    name.append(t.text());
    while (peek().is(".")) {
      advance();
      Token part = peek();
      if (part.kind() != Kind.IDENTIFIER) {
        throw syntax("a name", part);
      }
      advance();
      name.append('.').append(part.text());
      span = span.to(part.span());
    }
    int dot = name.lastIndexOf(".");
    return new Operand.EnumLiteral(name.substring(0, dot), name.substring(dot + 1), span);
  }

  private Operand number(Token t, boolean negative, Span span) {
    String digits = t.text().replace("_", "");
    if (t.kind() == Kind.INTEGER) {
      if (digits.endsWith("L") || digits.endsWith("l")) {
        digits = digits.substring(0, digits.length() - 1);
      }
      try {
        return new Operand.IntegerLiteral(Long.parseLong((negative ? "-" : "") + digits), span);
      } catch (NumberFormatException e) {
        throw syntax("a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE, t);
      }
    }
    char last = digits.charAt(digits.length() - 1);
    if ("fFdD".indexOf(last) >= 0) {
      digits = digits.substring(0, digits.length() - 1);
    }
    BigDecimal value = new BigDecimal(digits.startsWith(".") ? "0" + digits : digits);
    return new Operand.DecimalLiteral(negative ? value.negate() : value, span);
  }

  private int positiveInt(Token t) {
    try {
      int position = Integer.parseInt(t.value());
      if (position >= 1) {
        return position;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw syntax("a parameter position from 1 (?1, ?2, ...)", t);
  }

  private void noArithmeticAfter() {
    if (isArithmetic(peek())) {
      throw arithmetic(peek());
    }
  }

  // ---------------------------------------------------------------- tokens

  // An attribute path starts with a name that is not a keyword.
  private static boolean startsPath(Token t) {
    return t.kind() == Kind.IDENTIFIER && !isReserved(t);
  }

  // TRUE, FALSE and LOCAL (DATE...) are values; other keywords start no operand.
  private static boolean isValueKeyword(Token t) {
    return t.isKeyword("TRUE") || t.isKeyword("FALSE") || t.isKeyword("LOCAL");
  }

  private boolean startsOperand(Token t) {
    switch (t.kind()) {
      case NAMED_PARAMETER:
      case POSITIONAL_PARAMETER:
      case STRING:
      case INTEGER:
      case DECIMAL:
        return true;
      case SYMBOL:
        return (t.is("-") || t.is("+"))
            && (peekAt(1).kind() == Kind.INTEGER || peekAt(1).kind() == Kind.DECIMAL);
      case IDENTIFIER:
        return isValueKeyword(t);
      default:
        return false;
    }
  }

  private boolean isDotted(int at) {
    return tokens.get(at).kind() == Kind.IDENTIFIER
        && at + 1 < tokens.size()
        && tokens.get(at + 1).is(".");
  }

  private static boolean isReserved(Token t) {
    return t.kind() == Kind.IDENTIFIER && RESERVED.contains(t.text().toUpperCase(Locale.ROOT));
  }

  private static boolean isArithmetic(Token t) {
    return t.kind() == Kind.SYMBOL && ARITHMETIC.contains(t.text());
  }

  private boolean isCall(String function) {
    return peek().isKeyword(function) && peekAt(1).is("(");
  }

  private Token peek() {
    return tokens.get(index);
  }

  private Token peekAt(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  private Token previous() {
    return tokens.get(index - 1);
  }

  private Token advance() {
    Token t = tokens.get(index);
    if (t.kind() != Kind.END) {
      index++;
    }
    return t;
  }

  private boolean acceptSymbol(String symbol) {
    if (peek().is(symbol)) {
      advance();
      return true;
    }
    return false;
  }

  private void expectSymbol(String symbol, String expected) {
    if (!peek().is(symbol)) {
      throw syntax(expected, peek());
    }
    advance();
  }

  private void expectKeyword(String keyword, String expected) {
    if (!peek().isKeyword(keyword)) {
      throw syntax(expected, peek());
    }
    advance();
  }

  private void expectEnd(String expected) {
    if (peek().kind() != Kind.END) {
      if (isArithmetic(peek())) {
        throw arithmetic(peek());
      }
      throw syntax(expected, peek());
    }
  }

  private Span whole() {
    return new Span(0, text.length());
  }

  // ---------------------------------------------------------------- errors

  private JdqlException syntax(String expected, Token found) {
    return syntax(expected, found, hint(found, expected));
  }

  private JdqlException syntax(String expected, Token found, String hint) {
    int at = tokens.indexOf(found);
    return error(
        JdqlException.Reason.SYNTAX,
        text,
        found.offset(),
        found.text().length(),
        expected,
        at > 0 ? quoted(tokens.get(at - 1)) : null,
        describe(found),
        hint);
  }

  private static String hint(Token found, String expected) {
    if (isReserved(found)
        && (expected.contains("attribute")
            || expected.contains("entity name")
            || expected.contains("condition"))) {
      return "'" + found.text() + "' is a reserved word of JDQL";
    }
    String keyword = nearKeyword(found, expected);
    if (keyword != null) {
      return "did you mean " + keyword + "?";
    }
    switch (found.text()) {
      case "*":
        return expected.contains("COUNT(THIS)") ? "JDQL counts with COUNT(THIS)" : null;
      case "!=":
        return "JDQL writes 'not equal' as <>";
      case "==":
        return "JDQL writes 'equal' as =";
      case "\"":
        return "JDQL strings are in single quotes";
      default:
        if (found.kind() == Kind.UNKNOWN
            && (found.text().equals(":") || found.text().equals("?"))) {
          return "a parameter is written :name or ?1, with nothing in between";
        }
        return null;
    }
  }

  // The keyword the expected text names that the found word is a typing slip away from (LIKEE,
  // WHER, FORM), the nearest if several are.
  private static String nearKeyword(Token found, String expected) {
    if (found.kind() != Kind.IDENTIFIER || isReserved(found) || found.text().length() < 3) {
      return null;
    }
    String word = found.text().toUpperCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    Matcher m = KEYWORD.matcher(expected);
    while (m.find()) {
      String keyword = m.group();
      int d = distance(word, keyword);
      if (d <= (keyword.length() >= 6 ? 2 : 1) && d < bestDistance) {
        best = keyword;
        bestDistance = d;
      }
    }
    return best;
  }

  // Edits (insert, delete, replace, swap two neighbours) that turn a into b.
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private JdqlException unsupported(Token at, String why) {
    String position = new Span(at.offset(), 0).position(text);
    return new JdqlException(
        JdqlException.Reason.UNSUPPORTED,
        quoted(at) + " at " + position + " is not supported: " + why,
        at.offset(),
        at.text().length(),
        position,
        null,
        quoted(at),
        why);
  }

  private JdqlException arithmetic(Token op) {
    return unsupported(
        op,
        "Osmos does not evaluate arithmetic or concatenation in a query; compute the value in Java"
            + " and pass it as a parameter");
  }

  private JdqlException mixed(Token found, Token other) {
    String kind = other.kind() == Kind.NAMED_PARAMETER ? "named" : "positional";
    return syntax(
        "a " + kind + " parameter",
        found,
        "this query already uses the "
            + kind
            + " parameter '"
            + other.text()
            + "' at "
            + new Span(other.offset(), 0).position(text)
            + ", and a query uses named or positional parameters, not both");
  }

  private static String describe(Token t) {
    return t.kind() == Kind.END ? END_OF_QUERY : quoted(t);
  }

  // A string literal shows as written, quotes and all; anything else in quotes.
  private static String quoted(Token t) {
    return t.kind() == Kind.STRING ? t.text() : "'" + t.text() + "'";
  }

  static JdqlException error(
      JdqlException.Reason reason,
      String text,
      int offset,
      int length,
      String expected,
      String after,
      String found,
      String hint) {
    String position = new Span(offset, 0).position(text);
    String message =
        "expected "
            + expected
            + (after == null ? "" : " after " + after)
            + " at "
            + position
            + ", found "
            + found
            + (hint == null ? "" : "; " + hint);
    return new JdqlException(reason, message, offset, length, position, expected, found, hint);
  }
}
