package io.osmos.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * The metamodel of one {@code @Model} or {@code @Embeddable} type: everything the checks and
 * writers need, read once from the elements.
 *
 * @param element the type
 * @param name its class name
 * @param record whether it is a record (else a class with accessors or public fields)
 * @param settings the {@code @Model} attributes; null for an embeddable
 * @param embeddableOrigin the {@code @Embeddable} annotation; null for a model
 * @param properties every field, in declaration order (transient and extra ones included)
 * @param constructible whether generated code can create an instance (records: always; classes: an
 *     accessible no-argument constructor)
 * @param hooks the {@code @Hook} methods, in declaration order
 * @param typeConstraints {@code @Validate} on the type
 */
public record ModelInfo(
    TypeElement element,
    ClassName name,
    boolean record,
    ModelSettings settings,
    Origin embeddableOrigin,
    List<PropertyInfo> properties,
    boolean constructible,
    List<HookInfo> hooks,
    List<ConstraintInfo> typeConstraints) {
  public ModelInfo {
    properties = List.copyOf(properties);
    hooks = List.copyOf(hooks);
    typeConstraints = List.copyOf(typeConstraints);
  }

  public boolean isModel() {
    return settings != null;
  }

  /** The generated metamodel {@code User_}. */
  public ClassName metamodelName() {
    return generated("_");
  }

  /** The generated patch builder {@code UserPatch}. */
  public ClassName patchName() {
    return generated("Patch");
  }

  /** The generated repository {@code UserRepository}. */
  public ClassName repositoryName() {
    return generated("Repository");
  }

  // A nested model Outer.User gives Outer_User_, so names of different nested types cannot meet.
  private ClassName generated(String suffix) {
    return ClassName.get(name.packageName(), String.join("_", name.simpleNames()) + suffix);
  }

  /** The simple name, for messages. */
  public String simpleName() {
    return element.getSimpleName().toString();
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
}
