package io.osmos.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.TypeElement;

/**
 * One {@code @Model} or {@code @Embeddable} type: a node of the graph the read stage builds, with
 * everything the checks and writers need. The embeddables it nests are nodes too, reached through
 * its fields' {@link TypeInfo.Embedded} types; nothing is read again after the read stage.
 *
 * <p>A node is its type: two nodes are equal when they describe the same class.
 *
 * @param element the type, only to report at and to name as the originating element
 * @param name its class name
 * @param declaration how the type is declared
 * @param settings the {@code @Model} attributes; null for an embeddable
 * @param embeddableOrigin the {@code @Embeddable} annotation; null when there is none
 * @param properties every field, in declaration order (transient and extra ones included)
 * @param constructible whether generated code can create an instance (records: always; classes: an
 *     accessible no-argument constructor)
 * @param hooks the {@code @Hook} methods, in declaration order
 * @param typeConstraints {@code @Validate} on the type
 * @param takenNames the names of types the processor would generate for it that the sources already
 *     declare
 * @param metamodelAvailable whether its {@code X_} is generated in this compilation or was
 *     generated with its library
 * @param unresolved the first type it refers to that could not be resolved, or null; the other
 *     components are empty then, as the type was not read further
 */
public record ModelInfo(
    TypeElement element,
    ClassName name,
    Declaration declaration,
    ModelSettings settings,
    Origin embeddableOrigin,
    List<PropertyInfo> properties,
    boolean constructible,
    List<HookInfo> hooks,
    List<ConstraintInfo> typeConstraints,
    List<ClassName> takenNames,
    boolean metamodelAvailable,
    String unresolved) {
  public ModelInfo {
    properties = List.copyOf(properties);
    hooks = List.copyOf(hooks);
    typeConstraints = List.copyOf(typeConstraints);
    takenNames = List.copyOf(takenNames);
  }

  public boolean isModel() {
    return settings != null;
  }

  /** Whether it is a record (else a class with accessors or public fields). */
  public boolean record() {
    return declaration.form() == Declaration.Form.RECORD;
  }

  /** The {@code @Model} annotation, or for an embeddable the {@code @Embeddable} one. */
  public Origin origin() {
    return isModel() ? settings.origin() : embeddableOrigin;
  }

  /** The generated metamodel {@code User_}. */
  public ClassName metamodelName() {
    return metamodelName(name);
  }

  /** The generated patch builder {@code UserPatch}. */
  public ClassName patchName() {
    return generated(name, "Patch");
  }

  /** The generated repository {@code UserRepository}. */
  public ClassName repositoryName() {
    return generated(name, "Repository");
  }

  /**
   * The types generated for it: {@code X_}, and for a model {@code XPatch}, {@code XRepository}.
   */
  public List<ClassName> generatedNames() {
    return generatedNames(name, isModel());
  }

  /** The metamodel generated for the type {@code name}: {@code Address_}. */
  public static ClassName metamodelName(ClassName name) {
    return generated(name, "_");
  }

  /** The types generated for the model or embeddable {@code name}. */
  public static List<ClassName> generatedNames(ClassName name, boolean model) {
    return model
        ? List.of(generated(name, "_"), generated(name, "Patch"), generated(name, "Repository"))
        : List.of(generated(name, "_"));
  }

  // A nested model Outer.User gives Outer_User_, so names of different nested types cannot meet.
  private static ClassName generated(ClassName name, String suffix) {
    return ClassName.get(name.packageName(), String.join("_", name.simpleNames()) + suffix);
  }

  /** The simple name, for messages. */
  public String simpleName() {
    return name.simpleName();
  }

  /** The fields written to the store as declared fields, in write order. */
  public List<PropertyInfo> stored() {
    List<PropertyInfo> out = new ArrayList<>();
    for (PropertyInfo p : properties) {
      if (p.stored()) {
        out.add(p);
      }
    }
    return out;
  }

  /** The {@code @Key} fields in declaration order. */
  public KeyInfo key() {
    List<PropertyInfo> keys = new ArrayList<>();
    for (PropertyInfo p : properties) {
      if (p.has(Marker.KEY) && p.stored()) {
        keys.add(p);
      }
    }
    return new KeyInfo(keys, KeyInfo.generationOf(keys));
  }

  /** The {@code @Index} fields in declaration order, with their finder names. */
  public List<IndexInfo> indexes() {
    List<IndexInfo> out = new ArrayList<>();
    for (PropertyInfo p : stored()) {
      if (p.has(Marker.INDEX)) {
        out.add(new IndexInfo(p, "findBy" + p.capitalized()));
      }
    }
    return out;
  }

  /** The first stored field with {@code marker}, or null. */
  public PropertyInfo first(Marker marker) {
    for (PropertyInfo p : properties) {
      if (p.has(marker) && (p.stored() || marker == Marker.EXTRA)) {
        return p;
      }
    }
    return null;
  }

  public PropertyInfo version() {
    return first(Marker.VERSION);
  }

  public PropertyInfo timestamp() {
    return first(Marker.TIMESTAMP);
  }

  public PropertyInfo extra() {
    return first(Marker.EXTRA);
  }

  /** Every embeddable its stored fields hold at any depth, in the order first met. */
  public Set<ModelInfo> reachable() {
    Set<ModelInfo> out = new LinkedHashSet<>();
    for (PropertyInfo p : stored()) {
      out.addAll(p.type().type().reachable());
    }
    return out;
  }

  /** The first unresolved type of this type or of an embeddable it reaches, or null. */
  public String unresolvedInGraph() {
    if (unresolved != null) {
      return unresolved;
    }
    for (ModelInfo m : reachable()) {
      if (m.unresolved() != null) {
        return m.unresolved();
      }
    }
    return null;
  }

  /**
   * Whether a value has something to check: a constraint on the type, on a field, or in an
   * embeddable it nests. Validation skips the others.
   */
  public boolean constrained() {
    return constrained(new LinkedHashSet<>());
  }

  boolean constrained(Set<ModelInfo> seen) {
    if (!seen.add(this)) {
      return false; // already being searched, by a caller up a cycle
    }
    if (!typeConstraints.isEmpty()) {
      return true;
    }
    for (PropertyInfo p : stored()) {
      if (p.checkedUse().needsCheck(seen)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelInfo m && m.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return "ModelInfo[" + name + "]";
  }
}
