package io.osmos.processor.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * Reads a query method's name, as Jakarta Data's query by method name defines it, into a {@link
 * QueryPlan}:
 *
 * <pre>
 * name      : ("find" ("First" digits?)? | "count" | "exists" | "delete") text? ("By" predicate)?
 *             ("OrderBy" order)?
 * predicate : condition (("And" | "Or") condition)*        And binds tighter than Or
 * condition : attribute "IgnoreCase"? "Not"? operator? "IgnoreCase"?
 * operator  : "Between" | "In" | "LessThan" | "LessThanEqual" | "GreaterThan" | "GreaterThanEqual"
 *           | "Like" | "StartsWith" | "EndsWith" | "Contains" | "Null" | "True" | "False"
 * order     : (attribute ("Asc" | "Desc"))* attribute ("Asc" | "Desc")?
 * attribute : Name ("_" Name)*                             address_city is address.city
 * </pre>
 *
 * Keywords count only where a new word starts (an upper-case letter, or the end of the name), so
 * {@code findByOrderDate} tests {@code orderDate}. Where a word is both the end of an attribute's
 * name and an operator ({@code findByLoggedIn}), the attribute wins when the entity has it. The
 * values a condition takes are positional parameters {@code ?1}, {@code ?2}, ... in the order the
 * conditions are written: the method's parameters that are not special ({@code Limit}, {@code
 * Sort}, {@code Order}, {@code PageRequest}), in order.
 */
public final class MethodNameParser {
  private static final List<String> PREFIXES = List.of("find", "count", "exists", "delete");
  // Longest first, so LessThanEqual is not read as LessThan + "Equal".
  private static final List<String> OPERATORS =
      List.of(
          "GreaterThanEqual",
          "LessThanEqual",
          "GreaterThan",
          "LessThan",
          "StartsWith",
          "EndsWith",
          "Contains",
          "Between",
          "Like",
          "Null",
          "True",
          "False",
          "In");

  private final String name;
  private final Predicate<String> isAttribute;
  private int parameters;

  /** A problem in a method name, with where it is. */
  public static final class MethodNameException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Span span;

    MethodNameException(String message, Span span) {
      super(message);
      this.span = span;
    }

    /** Where in the name the problem is. */
    public Span span() {
      return span;
    }
  }

  private MethodNameParser(String name, Predicate<String> isAttribute) {
    this.name = name;
    this.isAttribute = isAttribute;
  }

  /** Whether {@code name} starts like a query method: find, count, exists or delete. */
  public static boolean isQueryName(String name) {
    for (String p : PREFIXES) {
      if (name.startsWith(p) && (name.length() == p.length() || wordStart(name, p.length()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The plan {@code name} stands for.
   *
   * @param isAttribute whether a dotted path names an attribute of the entity; it only settles
   *     names that could be read both ways, the checker reports unknown attributes
   * @throws MethodNameException if the name does not follow the grammar
   */
  public static QueryPlan parse(String name, Predicate<String> isAttribute)
      throws MethodNameException {
    return new MethodNameParser(name, isAttribute).parse();
  }

  private QueryPlan parse() throws MethodNameException {
    String prefix = null;
    for (String p : PREFIXES) {
      if (name.startsWith(p) && (name.length() == p.length() || wordStart(name, p.length()))) {
        prefix = p;
      }
    }
    if (prefix == null) {
      throw new MethodNameException(
          "a query method's name starts with find, count, exists or delete",
          new Span(0, name.length()));
    }
    QueryKind kind = QueryKind.valueOf(prefix.toUpperCase(Locale.ROOT));
    int at = prefix.length();
    OptionalInt first = OptionalInt.empty();
    if (kind == QueryKind.FIND && name.startsWith("First", at)) {
      int digits = at + "First".length();
      int end = digits;
      while (end < name.length() && Character.isDigit(name.charAt(end))) {
        end++;
      }
      if (end == name.length() || wordStart(name, end)) {
        int n = end == digits ? 1 : parseCount(digits, end);
        first = OptionalInt.of(n);
        at = end;
      }
    }
    int orderBy = find("OrderBy", at);
    int by = findBy(at, orderBy < 0 ? name.length() : orderBy);
    Optional<Condition> where = Optional.empty();
    if (by >= 0) {
      int start = by + 2;
      int end = orderBy < 0 ? name.length() : orderBy;
      if (start == end && orderBy < 0) {
        throw new MethodNameException(
            "nothing follows By: name the attribute to test, e.g. "
                + name.substring(0, start)
                + "Title",
            new Span(by, 2));
      }
      if (start < end) {
        where = Optional.of(predicate(start, end));
      }
    }
    List<OrderItem> order = new ArrayList<>();
    if (orderBy >= 0) {
      if (kind != QueryKind.FIND) {
        throw new MethodNameException(
            "only find methods are ordered", new Span(orderBy, name.length() - orderBy));
      }
      order = order(orderBy + "OrderBy".length(), name.length());
    }
    return new QueryPlan(
        kind,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        where,
        order,
        first,
        new Span(0, name.length()));
  }

  private int parseCount(int from, int to) throws MethodNameException {
    try {
      int n = Integer.parseInt(name.substring(from, to));
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new MethodNameException("First takes a number from 1 up", new Span(from, to - from));
  }

  // ---- predicate -------------------------------------------------------------------------------

  private Condition predicate(int start, int end) throws MethodNameException {
    List<Condition> ors = new ArrayList<>();
    for (int[] orPart : split(start, end, "Or")) {
      List<Condition> ands = new ArrayList<>();
      for (int[] andPart : split(orPart[0], orPart[1], "And")) {
        ands.add(condition(andPart[0], andPart[1]));
      }
      ors.add(ands.size() == 1 ? ands.get(0) : new Condition.And(ands, span(orPart[0], orPart[1])));
    }
    return ors.size() == 1 ? ors.get(0) : new Condition.Or(ors, span(start, end));
  }

  /** The parts of [start, end) between the keyword's occurrences at word starts. */
  private List<int[]> split(int start, int end, String keyword) throws MethodNameException {
    List<int[]> parts = new ArrayList<>();
    int from = start;
    for (int i = start + 1; i < end; i++) {
      if (name.startsWith(keyword, i)
          && wordStart(name, i)
          && (i + keyword.length() == end || wordStart(name, i + keyword.length()))
          && i + keyword.length() <= end) {
        parts.add(new int[] {from, i});
        from = i + keyword.length();
        i = from;
      }
    }
    parts.add(new int[] {from, end});
    for (int k = 0; k < parts.size(); k++) {
      int[] p = parts.get(k);
      if (p[0] >= p[1]) {
        // Point at the keyword with nothing on one side.
        int at = k > 0 ? p[0] - keyword.length() : p[1];
        throw new MethodNameException(
            keyword + " must stand between two conditions", new Span(at, keyword.length()));
      }
    }
    return parts;
  }

  private Condition condition(int start, int end) throws MethodNameException {
    Span whole = span(start, end);
    int e = end;
    boolean ignoreCase = false;
    if (endsWithWord(start, e, "IgnoreCase")) {
      ignoreCase = true;
      e -= "IgnoreCase".length();
    }
    String operator = null;
    for (String op : OPERATORS) {
      if (endsWithWord(start, e, op)) {
        // An attribute whose name ends in the operator's word (loggedIn) keeps it.
        if (isAttribute.test(path(start, e)) && !isAttribute.test(path(start, e - op.length()))) {
          break;
        }
        operator = op;
        e -= op.length();
        break;
      }
    }
    boolean not = false;
    if (endsWithWord(start, e, "Not")
        && !(isAttribute.test(path(start, e)) && !isAttribute.test(path(start, e - 3)))) {
      not = true;
      e -= 3;
    }
    if (!ignoreCase && endsWithWord(start, e, "IgnoreCase")) {
      ignoreCase = true;
      e -= "IgnoreCase".length();
    }
    if (e <= start) {
      throw new MethodNameException(
          "a condition names an attribute before " + name.substring(start, end), whole);
    }
    AttributePath path = AttributePath.of(path(start, e), span(start, e));
    AttributeRef attribute =
        new AttributeRef(path, ignoreCase ? CaseFold.IGNORE_CASE : CaseFold.NONE, whole);
    return test(attribute, operator, not, whole);
  }

  private Condition test(AttributeRef a, String operator, boolean not, Span at) {
    if (operator == null) {
      return new Condition.Compare(
          a, not ? Condition.Operator.NOT_EQUAL : Condition.Operator.EQUAL, next(at), at);
    }
    Condition c;
    switch (operator) {
      case "Null":
        return not ? new Condition.IsNotNull(a, at) : new Condition.IsNull(a, at);
      case "True":
      case "False":
        c =
            new Condition.Compare(
                a,
                Condition.Operator.EQUAL,
                new Operand.BooleanLiteral(operator.equals("True"), at),
                at);
        break;
      case "LessThan":
        c = new Condition.Compare(a, Condition.Operator.LESS_THAN, next(at), at);
        break;
      case "LessThanEqual":
        c = new Condition.Compare(a, Condition.Operator.LESS_THAN_OR_EQUAL, next(at), at);
        break;
      case "GreaterThan":
        c = new Condition.Compare(a, Condition.Operator.GREATER_THAN, next(at), at);
        break;
      case "GreaterThanEqual":
        c = new Condition.Compare(a, Condition.Operator.GREATER_THAN_OR_EQUAL, next(at), at);
        break;
      case "Between":
        Operand low = next(at);
        c = new Condition.Between(a, low, next(at), at);
        break;
      case "In":
        c = new Condition.In(a, List.of(next(at)), at);
        break;
      case "Like":
        c = new Condition.Like(a, Condition.LikeMode.PATTERN, next(at), Optional.empty(), at);
        break;
      case "StartsWith":
        c = new Condition.Like(a, Condition.LikeMode.STARTS_WITH, next(at), Optional.empty(), at);
        break;
      case "EndsWith":
        c = new Condition.Like(a, Condition.LikeMode.ENDS_WITH, next(at), Optional.empty(), at);
        break;
      case "Contains":
        c = new Condition.Like(a, Condition.LikeMode.CONTAINS, next(at), Optional.empty(), at);
        break;
      default:
        throw new AssertionError(operator);
    }
    return not ? new Condition.Not(c, at) : c;
  }

  private Operand next(Span at) {
    return new Operand.Positional(++parameters, at);
  }

  // ---- order -----------------------------------------------------------------------------------

  private List<OrderItem> order(int start, int end) throws MethodNameException {
    List<OrderItem> items = new ArrayList<>();
    int from = start;
    int i = start + 1;
    while (i <= end) {
      String dir = null;
      if (i < end && wordStart(name, i)) {
        for (String d : List.of("Desc", "Asc")) {
          if (name.startsWith(d, i) && (i + d.length() == end || wordStart(name, i + d.length()))) {
            dir = d;
          }
        }
      }
      if (dir != null || i == end) {
        if (i == from) {
          throw new MethodNameException(
              "OrderBy names an attribute before " + (dir == null ? "the end" : dir),
              new Span(i, dir == null ? 0 : dir.length()));
        }
        AttributePath p = AttributePath.of(path(from, i), span(from, i));
        int to = dir == null ? i : i + dir.length();
        items.add(new OrderItem(AttributeRef.of(p), "Desc".equals(dir), span(from, to)));
        from = to;
        i = to + 1;
        if (to == end) {
          break;
        }
      } else {
        i++;
      }
    }
    if (items.isEmpty()) {
      throw new MethodNameException(
          "nothing follows OrderBy: name the attribute to sort on, e.g. OrderByTitleAsc",
          new Span(start - "OrderBy".length(), "OrderBy".length()));
    }
    return items;
  }

  // ---- words -----------------------------------------------------------------------------------

  /**
   * The first occurrence of {@code keyword} at or after {@code from} that starts and ends words.
   */
  private int find(String keyword, int from) {
    for (int i = from; i <= name.length() - keyword.length(); i++) {
      if (name.startsWith(keyword, i)
          && (i == from || wordStart(name, i))
          && (i + keyword.length() == name.length() || wordStart(name, i + keyword.length()))) {
        return i;
      }
    }
    return -1;
  }

  /** The first "By" in [from, to) that starts a word and is not the end of "OrderBy". */
  private int findBy(int from, int to) {
    for (int i = from; i <= to - 2; i++) {
      if (name.startsWith("By", i)
          && (i == from || wordStart(name, i))
          && (i + 2 == name.length() || wordStart(name, i + 2))
          && !(i >= 5 && name.startsWith("Order", i - 5))) {
        return i;
      }
    }
    return -1;
  }

  private boolean endsWithWord(int start, int end, String word) {
    int at = end - word.length();
    return at > start && name.startsWith(word, at) && wordStart(name, at);
  }

  private static boolean wordStart(String s, int i) {
    return (i < s.length()
            && (Character.isUpperCase(s.charAt(i)) || Character.isDigit(s.charAt(i))))
        || i == s.length();
  }

  /** {@code Address_City} as {@code address.city}. */
  private String path(int start, int end) {
    if (end <= start) {
      return "";
    }
    String[] parts = name.substring(start, end).split("_", -1);
    StringBuilder b = new StringBuilder();
    for (String p : parts) {
      if (b.length() > 0) {
        b.append('.');
      }
      b.append(decapitalize(p));
    }
    return b.toString();
  }

  private static String decapitalize(String s) {
    if (s.isEmpty()) {
      return s;
    }
    // URLs stays URLs, as java.beans.Introspector does it.
    if (s.length() > 1
        && Character.isUpperCase(s.charAt(1))
        && Character.isUpperCase(s.charAt(0))) {
      return s;
    }
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  private static Span span(int start, int end) {
    return new Span(start, end - start);
  }
}
