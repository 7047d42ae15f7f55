package io.osmos.processor.read;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import io.osmos.processor.model.EntityInfo;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.Origin;
import io.osmos.processor.model.RepositoryInfo;
import io.osmos.processor.model.RepositoryMethod;
import io.osmos.processor.model.RepositoryMethod.Operation;
import io.osmos.processor.model.RepositoryMethod.Role;
import io.osmos.processor.model.RepositoryMethod.Shape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads a Jakarta Data repository interface into a {@link RepositoryInfo}: its abstract methods,
 * declared and inherited, with their parameters, return types, annotations and entity. Jakarta
 * Data's types are matched by qualified name, so the processor needs nothing of Jakarta Data on its
 * own class path. It reports nothing; the check stage judges.
 */
public final class RepositoryReader {
  /** {@code @jakarta.data.repository.Repository}. */
  public static final String REPOSITORY = "jakarta.data.repository.Repository";

  private static final String PACKAGE = "jakarta.data.repository.";
  private static final String DATA_REPOSITORY = PACKAGE + "DataRepository";
  private static final Map<String, Operation> OPERATIONS =
      Map.of(
          PACKAGE + "Insert", Operation.INSERT,
          PACKAGE + "Update", Operation.UPDATE,
          PACKAGE + "Save", Operation.SAVE,
          PACKAGE + "Delete", Operation.DELETE,
          PACKAGE + "Find", Operation.FIND,
          PACKAGE + "Query", Operation.QUERY);
  private static final Map<String, Shape> CONTAINERS =
      Map.of(
          "java.util.Optional", Shape.OPTIONAL,
          "java.util.List", Shape.LIST,
          "java.util.Collection", Shape.LIST,
          "java.util.Set", Shape.LIST,
          "java.lang.Iterable", Shape.LIST,
          "java.util.stream.Stream", Shape.STREAM,
          "jakarta.data.page.Page", Shape.PAGE,
          "jakarta.data.page.CursoredPage", Shape.CURSORED_PAGE);
  private static final Map<String, Role> SPECIAL =
      Map.of(
          "jakarta.data.Limit", Role.LIMIT,
          "jakarta.data.Order", Role.ORDER,
          "jakarta.data.Sort", Role.SORT,
          "jakarta.data.page.PageRequest", Role.PAGE_REQUEST);

  private final Elements elements;
  private final Types types;
  private final Annotations annotations;
  private final ModelReader models;

  public RepositoryReader(ProcessingEnvironment env, ModelReader models) {
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.annotations = new Annotations(elements);
    this.models = models;
  }

  /** The repository {@code type}. */
  public RepositoryInfo read(TypeElement type) {
    DeclaredType self = (DeclaredType) type.asType();
    AnnotationMirror repository = Annotations.find(type, REPOSITORY);
    String dataStore = repository == null ? "" : annotations.string(repository, "dataStore");
    EntityInfo primary = primaryEntity(self);
    List<RepositoryMethod> methods = new ArrayList<>();
    for (ExecutableElement m : abstractMethods(type)) {
      methods.add(method(type, self, m, primary));
    }
    if (primary == null) {
      methods = withSoleEntity(methods);
    }
    return new RepositoryInfo(
        type,
        ClassName.get(type),
        dataStore == null ? "" : dataStore,
        Origin.of(type, repository),
        primary,
        methods);
  }

  /**
   * For a repository that extends no {@code DataRepository}: when the methods that tell their
   * entity all tell the same one, the methods that do not (a {@code countBy...}) work on it too.
   */
  private static List<RepositoryMethod> withSoleEntity(List<RepositoryMethod> methods) {
    EntityInfo sole = null;
    for (RepositoryMethod m : methods) {
      if (m.entity() != null) {
        if (sole != null && !sole.type().equals(m.entity().type())) {
          return methods;
        }
        sole = m.entity();
      }
    }
    if (sole == null) {
      return methods;
    }
    List<RepositoryMethod> out = new ArrayList<>();
    for (RepositoryMethod m : methods) {
      out.add(
          m.entity() != null
              ? m
              : new RepositoryMethod(
                  m.name(),
                  m.origin(),
                  m.inherited(),
                  m.signature(),
                  m.operation(),
                  sole,
                  m.parameters(),
                  m.result(),
                  m.orderBy(),
                  m.query(),
                  m.queryOrigin(),
                  m.suppressed()));
    }
    return out;
  }

  /** The entity and key of the {@code DataRepository<T, K>} the interface extends, or null. */
  private EntityInfo primaryEntity(DeclaredType self) {
    Deque<TypeMirror> todo = new ArrayDeque<>(List.of(self));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      TypeMirror t = todo.poll();
      if (!(t instanceof DeclaredType d) || !seen.add(t.toString())) {
        continue;
      }
      TypeElement e = (TypeElement) d.asElement();
      if (e.getQualifiedName().contentEquals(DATA_REPOSITORY) && d.getTypeArguments().size() == 2) {
        TypeMirror entity = d.getTypeArguments().get(0);
        TypeMirror key = d.getTypeArguments().get(1);
        return entity(entity, TypeName.get(key).box());
      }
      todo.addAll(types.directSupertypes(t));
    }
    return null;
  }

  private EntityInfo entity(TypeMirror entity, TypeName keyType) {
    ModelInfo model = null;
    if (entity instanceof DeclaredType d && isEntity(d)) {
      model = models.read((TypeElement) d.asElement());
    }
    return new EntityInfo(TypeName.get(types.erasure(entity)), model, keyType);
  }

  /**
   * The abstract methods: the interface's own in declaration order, then each supertype's that
   * nothing before overrides, supertypes nearest first.
   */
  private List<ExecutableElement> abstractMethods(TypeElement type) {
    List<ExecutableElement> out = new ArrayList<>();
    Deque<TypeElement> todo = new ArrayDeque<>(List.of(type));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      TypeElement t = todo.poll();
      if (!seen.add(t.getQualifiedName().toString())
          || t.getQualifiedName().contentEquals("java.lang.Object")) {
        continue;
      }
      for (ExecutableElement m : ElementFilter.methodsIn(t.getEnclosedElements())) {
        if (m.getModifiers().contains(Modifier.STATIC)
            || m.getModifiers().contains(Modifier.DEFAULT)
            || m.getModifiers().contains(Modifier.PRIVATE)) {
          continue;
        }
        boolean overridden = false;
        for (ExecutableElement o : out) {
          if (o.getSimpleName().equals(m.getSimpleName()) && elements.overrides(o, m, type)) {
            overridden = true;
          }
        }
        if (!overridden && !overriddenByDefault(type, m)) {
          out.add(m);
        }
      }
      for (TypeMirror s : t.getInterfaces()) {
        todo.add((TypeElement) ((DeclaredType) s).asElement());
      }
    }
    return out;
  }

  // A default method of the interface (or a nearer supertype) implements an inherited one.
  private boolean overriddenByDefault(TypeElement type, ExecutableElement m) {
    for (ExecutableElement d : ElementFilter.methodsIn(elements.getAllMembers(type))) {
      if (d.getModifiers().contains(Modifier.DEFAULT)
          && d.getSimpleName().equals(m.getSimpleName())
          && !d.equals(m)
          && elements.overrides(d, m, type)) {
        return true;
      }
    }
    return false;
  }

  private RepositoryMethod method(
      TypeElement repository, DeclaredType self, ExecutableElement m, EntityInfo primary) {
    ExecutableType resolved = (ExecutableType) types.asMemberOf(self, m);
    boolean inherited = !m.getEnclosingElement().equals(repository);
    Origin origin = inherited ? Origin.of(repository) : Origin.of(m);
    Operation operation = Operation.UNKNOWN;
    String query = null;
    Origin queryOrigin = null;
    for (AnnotationMirror a : m.getAnnotationMirrors()) {
      Operation o = OPERATIONS.get(Annotations.nameOf(a));
      if (o != null) {
        operation = o;
        if (o == Operation.QUERY) {
          query = annotations.string(a, "value");
          queryOrigin =
              Origin.of(inherited ? repository : m, a).at(Annotations.explicit(a, "value"));
        }
      }
    }
    String name = m.getSimpleName().toString();
    if (operation == Operation.UNKNOWN
        && io.osmos.processor.query.MethodNameParser.isQueryName(name)) {
      operation = Operation.NAMED;
    }
    List<? extends TypeMirror> parameterTypes = resolved.getParameterTypes();
    TypeMirror resultType = resolved.getReturnType();

    // The entity: what a lifecycle method takes, else what a query returns, else the repository's.
    TypeMirror entityType = null;
    if ((operation == Operation.INSERT
            || operation == Operation.UPDATE
            || operation == Operation.SAVE
            || operation == Operation.DELETE)
        && parameterTypes.size() == 1) {
      TypeMirror e = element(parameterTypes.get(0));
      entityType = isEntity(e) ? e : null;
    }
    if (operation == Operation.DELETE && entityType == null) {
      operation = Operation.DELETE_BY;
    }
    if (entityType == null && resultType.getKind() != TypeKind.VOID) {
      TypeMirror e = element(resultType);
      if (isEntity(e)) {
        entityType = e;
      }
    }
    EntityInfo entity = primary;
    if (entityType != null) {
      TypeName erased = TypeName.get(types.erasure(entityType));
      if (primary == null || !erased.equals(primary.type())) {
        entity = entity(entityType, null);
      }
    }
    TypeMirror entityMirror = entity == null ? null : entityMirror(entityType, primary);

    List<RepositoryMethod.Parameter> parameters = new ArrayList<>();
    List<? extends VariableElement> declared = m.getParameters();
    for (int i = 0; i < declared.size(); i++) {
      VariableElement p = declared.get(i);
      TypeMirror t = parameterTypes.get(i);
      Role role = role(t);
      String by = null;
      AnnotationMirror byAnnotation = Annotations.find(p, PACKAGE + "By");
      if (byAnnotation == null) {
        byAnnotation = Annotations.find(p, PACKAGE + "Param");
      }
      if (byAnnotation != null) {
        by = annotations.string(byAnnotation, "value");
      }
      parameters.add(
          new RepositoryMethod.Parameter(
              p.getSimpleName().toString(), role, value(t, entityMirror, false), by));
    }
    List<RepositoryMethod.OrderByInfo> orderBy = new ArrayList<>();
    for (AnnotationMirror a : m.getAnnotationMirrors()) {
      String n = Annotations.nameOf(a);
      if (n.equals(PACKAGE + "OrderBy")) {
        orderBy.add(orderBy(a));
      } else if (n.equals(PACKAGE + "OrderBy.List")) {
        for (Object o : annotations.list(a, "value")) {
          orderBy.add(orderBy((AnnotationMirror) o));
        }
      }
    }
    Set<String> suppressed = new HashSet<>();
    for (Element e : List.of(m, repository)) {
      AnnotationMirror s = Annotations.find(e, "java.lang.SuppressWarnings");
      if (s != null) {
        for (Object v : annotations.list(s, "value")) {
          suppressed.add(String.valueOf(v));
        }
      }
    }
    MethodSpec signature = MethodSpec.overriding(m, self, types).build();
    return new RepositoryMethod(
        name,
        origin,
        inherited,
        signature,
        operation,
        entity,
        parameters,
        new RepositoryMethod.Result(value(resultType, entityMirror, true)),
        orderBy,
        query,
        queryOrigin,
        suppressed);
  }

  private TypeMirror entityMirror(TypeMirror found, EntityInfo primary) {
    if (found != null) {
      return types.erasure(upperBound(found));
    }
    TypeElement e = elements.getTypeElement(primary.type().toString());
    return e == null ? null : types.erasure(e.asType());
  }

  private RepositoryMethod.OrderByInfo orderBy(AnnotationMirror a) {
    return new RepositoryMethod.OrderByInfo(
        annotations.string(a, "value"),
        annotations.bool(a, "descending", false),
        annotations.bool(a, "ignoreCase", false));
  }

  private Role role(TypeMirror t) {
    if (t instanceof ArrayType a && SPECIAL.get(qualifiedName(a.getComponentType())) == Role.SORT) {
      return Role.SORTS;
    }
    Role r = SPECIAL.get(qualifiedName(t));
    return r == null ? Role.VALUE : r;
  }

  /** The type inside a container or array, or the type itself. */
  private TypeMirror element(TypeMirror t) {
    if (t instanceof ArrayType a) {
      return a.getComponentType();
    }
    if (t instanceof DeclaredType d
        && CONTAINERS.containsKey(qualifiedName(t))
        && d.getTypeArguments().size() == 1) {
      TypeMirror arg = d.getTypeArguments().get(0);
      if (arg.getKind() == TypeKind.WILDCARD) {
        TypeMirror bound = ((javax.lang.model.type.WildcardType) arg).getExtendsBound();
        return bound == null ? elements.getTypeElement("java.lang.Object").asType() : bound;
      }
      return arg;
    }
    return t;
  }

  private TypeMirror upperBound(TypeMirror t) {
    return t instanceof TypeVariable v ? upperBound(v.getUpperBound()) : t;
  }

  /**
   * Whether {@code t} (or its bound) is an entity class: a {@code @Model} or a Jakarta NoSQL one.
   */
  private boolean isEntity(TypeMirror t) {
    TypeMirror b = upperBound(t);
    if (!(b instanceof DeclaredType d)) {
      return false;
    }
    Element e = d.asElement();
    return Annotations.find(e, ModelReader.MODEL) != null
        || Annotations.find(e, ModelReader.NOSQL_ENTITY) != null;
  }

  private RepositoryMethod.Value value(TypeMirror t, TypeMirror entity, boolean result) {
    String display = t.toString();
    Shape shape;
    if (t.getKind() == TypeKind.VOID) {
      return new RepositoryMethod.Value(Shape.VOID, TypeName.VOID, false, "void");
    }
    if (t instanceof ArrayType) {
      shape = Shape.ARRAY;
    } else if (t instanceof DeclaredType && CONTAINERS.containsKey(qualifiedName(t))) {
      shape = CONTAINERS.get(qualifiedName(t));
    } else {
      shape = Shape.SINGLE;
      if (result) {
        TypeName boxed = TypeName.get(t).box();
        if (boxed.equals(TypeName.LONG.box())) {
          shape = Shape.LONG;
        } else if (boxed.equals(TypeName.INT.box())) {
          shape = Shape.INT;
        } else if (boxed.equals(TypeName.BOOLEAN.box())) {
          shape = Shape.BOOLEAN;
        }
      }
    }
    TypeMirror element = element(t);
    boolean isEntity =
        entity != null
            && element.getKind() != TypeKind.WILDCARD
            && types.isSameType(types.erasure(upperBound(element)), entity);
    return new RepositoryMethod.Value(shape, TypeName.get(element).box(), isEntity, display);
  }

  private static String qualifiedName(TypeMirror t) {
    if (t instanceof DeclaredType d && d.asElement().getKind() != ElementKind.TYPE_PARAMETER) {
      return ((TypeElement) d.asElement()).getQualifiedName().toString();
    }
    return "";
  }
}
