package io.osmos.processor.model;

import com.palantir.javapoet.MethodSpec;
import java.util.List;

/**
 * One abstract method of a repository interface.
 *
 * @param name the method's name
 * @param origin where to report problems with it: the method, or for an inherited method the
 *     repository (an inherited method has no place in the user's sources)
 * @param inherited whether it is declared by a supertype, not by the repository itself
 * @param signature the method as the implementation overrides it, without a body
 * @param operation what its annotations or its name say it does
 * @param entity the entity it works on; null when that could not be told
 * @param parameters its parameters, in order
 * @param result its return type
 * @param orderBy its {@code @OrderBy} annotations, in order
 * @param query the JDQL of {@code @Query}; null for other methods
 * @param queryOrigin the {@code @Query} value; null for other methods
 * @param suppressed the warnings {@code @SuppressWarnings} on the method or the repository names
 */
public record RepositoryMethod(
    String name,
    Origin origin,
    boolean inherited,
    MethodSpec signature,
    Operation operation,
    EntityInfo entity,
    List<Parameter> parameters,
    Result result,
    List<OrderByInfo> orderBy,
    String query,
    Origin queryOrigin,
    java.util.Set<String> suppressed) {
  public RepositoryMethod {
    parameters = List.copyOf(parameters);
    orderBy = List.copyOf(orderBy);
    suppressed = java.util.Set.copyOf(suppressed);
  }

  /** What a method does. */
  public enum Operation {
    /** {@code @Insert}. */
    INSERT,
    /** {@code @Update}. */
    UPDATE,
    /** {@code @Save}. */
    SAVE,
    /** {@code @Delete} on entities. */
    DELETE,
    /** {@code @Delete} with conditions as parameters ({@code @By}, names). */
    DELETE_BY,
    /** {@code @Find}. */
    FIND,
    /** {@code @Query}. */
    QUERY,
    /** Query by method name: {@code findByTitle}. */
    NAMED,
    /** None of those: no annotation, and a name that is not a query. */
    UNKNOWN
  }

  /** How a value, a parameter or a result, holds what it holds. */
  public enum Shape {
    /** One value: {@code Book}, {@code String}. */
    SINGLE,
    /** {@code Optional<E>}. */
    OPTIONAL,
    /** {@code List<E>} (or {@code Collection<E>}, {@code Iterable<E>}, {@code Set<E>}). */
    LIST,
    /** {@code E[]}. */
    ARRAY,
    /** {@code Stream<E>}. */
    STREAM,
    /** {@code jakarta.data.page.Page<E>}. */
    PAGE,
    /** {@code jakarta.data.page.CursoredPage<E>}. */
    CURSORED_PAGE,
    /** {@code void}. */
    VOID,
    /** {@code long} or {@code Long}. */
    LONG,
    /** {@code int} or {@code Integer}. */
    INT,
    /** {@code boolean} or {@code Boolean}. */
    BOOLEAN
  }

  /** What a parameter is for. */
  public enum Role {
    /** A value of the query, or an entity of a lifecycle method. */
    VALUE,
    /** {@code jakarta.data.Limit}. */
    LIMIT,
    /** {@code jakarta.data.Order}. */
    ORDER,
    /** {@code jakarta.data.Sort}. */
    SORT,
    /** {@code Sort[]}. */
    SORTS,
    /** {@code jakarta.data.page.PageRequest}. */
    PAGE_REQUEST
  }

  /**
   * A parameter.
   *
   * @param name its name
   * @param role what it is for
   * @param value its type as {@link Value}
   * @param by {@code @By} (or {@code @Param}) value; null when absent
   */
  public record Parameter(String name, Role role, Value value, String by) {}

  /**
   * A method's return type.
   *
   * @param value the type
   */
  public record Result(Value value) {}

  /**
   * A type as a shape around an element type.
   *
   * @param shape the container, or {@link Shape#SINGLE}
   * @param element the type inside the container (boxed), or the type itself
   * @param entity whether the element is the method's entity (or a type variable bounded by it)
   * @param display the whole type as written, for messages
   */
  public record Value(
      Shape shape, com.palantir.javapoet.TypeName element, boolean entity, String display) {}

  /**
   * One {@code @OrderBy}.
   *
   * @param attribute its value
   * @param descending {@code descending}
   * @param ignoreCase {@code ignoreCase}
   */
  public record OrderByInfo(String attribute, boolean descending, boolean ignoreCase) {}
}
