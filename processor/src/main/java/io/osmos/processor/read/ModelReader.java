package io.osmos.processor.read;

import com.palantir.javapoet.ClassName;
import io.osmos.annotations.Hook;
import io.osmos.annotations.Model;
import io.osmos.processor.model.Access;
import io.osmos.processor.model.ConstraintInfo;
import io.osmos.processor.model.HookInfo;
import io.osmos.processor.model.Marker;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.ModelSettings;
import io.osmos.processor.model.Origin;
import io.osmos.processor.model.PropertyInfo;
import io.osmos.processor.model.TypeInfo;
import io.osmos.processor.model.TypeUse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads a {@code @Model} or {@code @Embeddable} type into a {@link ModelInfo}: its fields (record
 * components, or class fields with their getters and setters), their annotations, constraints and
 * types, its hooks and {@code @Model} attributes. It reports nothing; the check stage judges.
 */
public final class ModelReader {
  static final String MODEL = "io.osmos.annotations.Model";
  static final String HOOK = "io.osmos.annotations.Hook";
  static final String VALIDATE = "io.osmos.annotations.Validate";

  private final Elements elements;
  private final Types types;
  private final Annotations annotations;
  private final ConstraintReader constraints;
  private final TypeReader typeReader;
  private final SourceTrees trees;
  private final Map<String, ModelInfo> cache = new HashMap<>();

  public ModelReader(ProcessingEnvironment env) {
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.annotations = new Annotations(elements);
    this.constraints = new ConstraintReader(annotations, elements);
    this.typeReader = new TypeReader(types, constraints);
    this.trees = SourceTrees.of(env);
  }

  public TypeReader typeReader() {
    return typeReader;
  }

  /** Reads {@code type} (once; later calls return the same model). */
  public ModelInfo read(TypeElement type) {
    String key = type.getQualifiedName().toString();
    ModelInfo cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    ModelInfo info = readUncached(type);
    cache.put(key, info);
    return info;
  }

  private ModelInfo readUncached(TypeElement type) {
    boolean record = type.getKind() == ElementKind.RECORD;
    List<PropertyInfo> properties = record ? recordProperties(type) : classProperties(type);
    AnnotationMirror model = Annotations.find(type, MODEL);
    AnnotationMirror embeddable = Annotations.find(type, TypeReader.EMBEDDABLE);
    Set<String> seen = new LinkedHashSet<>();
    List<ConstraintInfo> typeConstraints = new ArrayList<>();
    AnnotationMirror validate = Annotations.find(type, VALIDATE);
    if (validate != null) {
      typeConstraints.addAll(constraints.read(List.of(validate), type, seen));
    }
    return new ModelInfo(
        type,
        ClassName.get(type),
        record,
        model == null ? null : settings(type, model),
        embeddable == null || model != null ? null : Origin.of(type, embeddable),
        properties,
        record || hasNoArgConstructor(type),
        hooks(type),
        typeConstraints);
  }

  private ModelSettings settings(TypeElement type, AnnotationMirror m) {
    String kind = annotations.enumName(m, "kind");
    Origin origin = Origin.of(type, m);
    return new ModelSettings(
        annotations.string(m, "bucket"),
        annotations.string(m, "driver"),
        kind == null ? Model.Kind.DOCUMENT : Model.Kind.valueOf(kind),
        origin,
        origin.at(Annotations.explicit(m, "bucket")),
        origin.at(Annotations.explicit(m, "driver")));
  }

  // ---- records ------------------------------------------------------------------------------

  private List<PropertyInfo> recordProperties(TypeElement type) {
    List<PropertyInfo> out = new ArrayList<>();
    List<? extends RecordComponentElement> components = type.getRecordComponents();
    ExecutableElement canonical = canonicalConstructor(type, components);
    for (int i = 0; i < components.size(); i++) {
      RecordComponentElement c = components.get(i);
      String name = c.getSimpleName().toString();
      VariableElement field = declaredField(type, name);
      // javac gives record components no source position: report at the record's field.
      Element at = field != null ? field : type;
      ExecutableElement accessor = c.getAccessor();
      boolean explicitAccessor = accessor != null && trees.hasSource(accessor);
      VariableElement param = canonical == null ? null : canonical.getParameters().get(i);

      Map<Marker, List<Origin>> markers = new EnumMap<>(Marker.class);
      for (Marker mk : Marker.values()) {
        AnnotationMirror onComponent = Annotations.find(c, mk.annotation());
        if (onComponent != null) {
          AnnotationMirror onField = Annotations.find(field, mk.annotation());
          add(
              markers,
              mk,
              onField != null ? Origin.of(field, onField) : Origin.of(at, onComponent));
        }
        if (explicitAccessor) {
          AnnotationMirror onAccessor = Annotations.find(accessor, mk.annotation());
          if (onAccessor != null) {
            add(markers, mk, Origin.of(accessor, onAccessor));
          }
        }
      }
      TypeMirror type1 = field != null ? field.asType() : c.asType();
      Set<String> seen = new LinkedHashSet<>();
      List<ConstraintInfo> cs = new ArrayList<>();
      if (field != null) {
        cs.addAll(constraints.read(field.getAnnotationMirrors(), field, seen));
      }
      cs.addAll(constraints.read(type1.getAnnotationMirrors(), at, seen));
      if (accessor != null) {
        cs.addAll(
            constraints.read(
                accessor.getAnnotationMirrors(), explicitAccessor ? accessor : at, seen));
      }
      if (param != null) {
        cs.addAll(constraints.read(param.getAnnotationMirrors(), at, seen));
      }
      cs.addAll(constraints.read(c.getAnnotationMirrors(), at, seen));
      out.add(
          property(
              name,
              at,
              type1,
              markers,
              cs,
              new Access(Access.Kind.ACCESSOR, name),
              new Access(Access.Kind.CONSTRUCTOR, name)));
    }
    return out;
  }

  private ExecutableElement canonicalConstructor(
      TypeElement type, List<? extends RecordComponentElement> components) {
    for (ExecutableElement ctor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      List<? extends VariableElement> params = ctor.getParameters();
      if (params.size() != components.size()) {
        continue;
      }
      boolean same = true;
      for (int i = 0; i < params.size() && same; i++) {
        same =
            types.isSameType(
                types.erasure(params.get(i).asType()), types.erasure(components.get(i).asType()));
      }
      if (same) {
        return ctor;
      }
    }
    return null;
  }

  private static VariableElement declaredField(TypeElement type, String name) {
    for (VariableElement f : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      if (f.getSimpleName().contentEquals(name) && !f.getModifiers().contains(Modifier.STATIC)) {
        return f;
      }
    }
    return null;
  }

  // ---- classes ------------------------------------------------------------------------------

  private List<PropertyInfo> classProperties(TypeElement type) {
    List<PropertyInfo> out = new ArrayList<>();
    if (!(type.asType() instanceof DeclaredType declared)) {
      return out;
    }
    List<ExecutableElement> methods = ElementFilter.methodsIn(elements.getAllMembers(type));
    for (VariableElement f : instanceFields(type)) {
      String name = f.getSimpleName().toString();
      String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
      TypeMirror fieldType = types.asMemberOf(declared, f);
      boolean bool =
          fieldType.getKind() == TypeKind.BOOLEAN
              || fieldType.toString().equals("java.lang.Boolean");
      ExecutableElement getter = method(type, declared, methods, "get" + cap, fieldType, false);
      if (getter == null && bool) {
        getter = method(type, declared, methods, "is" + cap, fieldType, false);
      }
      ExecutableElement setter = method(type, declared, methods, "set" + cap, fieldType, true);
      boolean fieldAccessible = accessible(f, type);

      Map<Marker, List<Origin>> markers = new EnumMap<>(Marker.class);
      for (Marker mk : Marker.values()) {
        AnnotationMirror onField = Annotations.find(f, mk.annotation());
        if (onField != null) {
          add(markers, mk, Origin.of(f, onField));
        }
        AnnotationMirror onGetter = Annotations.find(getter, mk.annotation());
        if (onGetter != null) {
          add(markers, mk, Origin.of(getter, onGetter));
        }
      }
      Set<String> seen = new LinkedHashSet<>();
      List<ConstraintInfo> cs = new ArrayList<>();
      cs.addAll(constraints.read(f.getAnnotationMirrors(), f, seen));
      cs.addAll(constraints.read(fieldType.getAnnotationMirrors(), f, seen));
      if (getter != null) {
        cs.addAll(constraints.read(getter.getAnnotationMirrors(), getter, seen));
        cs.addAll(constraints.read(getter.getReturnType().getAnnotationMirrors(), getter, seen));
      }
      Access read =
          getter != null
              ? new Access(Access.Kind.GETTER, getter.getSimpleName().toString())
              : fieldAccessible ? new Access(Access.Kind.FIELD, name) : null;
      Access write =
          setter != null
              ? new Access(Access.Kind.SETTER, setter.getSimpleName().toString())
              : fieldAccessible && !f.getModifiers().contains(Modifier.FINAL)
                  ? new Access(Access.Kind.FIELD, name)
                  : null;
      out.add(property(name, f, fieldType, markers, cs, read, write));
    }
    return out;
  }

  // Instance fields of the type and its superclasses, superclass fields first; Java-transient
  // fields are not part of the model.
  private List<VariableElement> instanceFields(TypeElement type) {
    List<TypeElement> chain = new ArrayList<>();
    for (TypeElement t = type; t != null; t = superclass(t)) {
      chain.add(0, t);
    }
    List<VariableElement> out = new ArrayList<>();
    for (TypeElement t : chain) {
      for (VariableElement f : ElementFilter.fieldsIn(t.getEnclosedElements())) {
        Set<Modifier> mods = f.getModifiers();
        if (!mods.contains(Modifier.STATIC) && !mods.contains(Modifier.TRANSIENT)) {
          out.add(f);
        }
      }
    }
    return out;
  }

  private static TypeElement superclass(TypeElement t) {
    TypeMirror s = t.getSuperclass();
    if (!(s instanceof DeclaredType d)) {
      return null;
    }
    TypeElement e = (TypeElement) d.asElement();
    return e.getQualifiedName().contentEquals("java.lang.Object")
            || e.getQualifiedName().contentEquals("java.lang.Record")
        ? null
        : e;
  }

  private ExecutableElement method(
      TypeElement owner,
      DeclaredType declared,
      List<ExecutableElement> methods,
      String name,
      TypeMirror fieldType,
      boolean setter) {
    for (ExecutableElement m : methods) {
      if (!m.getSimpleName().contentEquals(name)
          || m.getModifiers().contains(Modifier.STATIC)
          || !accessible(m, owner)
          || m.getParameters().size() != (setter ? 1 : 0)) {
        continue;
      }
      var resolved = (javax.lang.model.type.ExecutableType) types.asMemberOf(declared, m);
      TypeMirror t = setter ? resolved.getParameterTypes().get(0) : resolved.getReturnType();
      if (types.isSameType(t, fieldType)) {
        return m;
      }
    }
    return null;
  }

  // Generated code lives in the model's package.
  private boolean accessible(Element member, TypeElement model) {
    Set<Modifier> mods = member.getModifiers();
    if (mods.contains(Modifier.PRIVATE)) {
      return false;
    }
    return mods.contains(Modifier.PUBLIC)
        || elements.getPackageOf(member).equals(elements.getPackageOf(model));
  }

  private boolean hasNoArgConstructor(TypeElement type) {
    for (ExecutableElement c : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (c.getParameters().isEmpty() && !c.getModifiers().contains(Modifier.PRIVATE)) {
        return true;
      }
    }
    return false;
  }

  // ---- shared -------------------------------------------------------------------------------

  private PropertyInfo property(
      String name,
      Element at,
      TypeMirror type,
      Map<Marker, List<Origin>> markers,
      List<ConstraintInfo> cs,
      Access read,
      Access write) {
    String stored = name;
    Origin fieldName = first(markers, Marker.FIELD);
    if (fieldName != null) {
      String given = annotations.string(fieldName.mirror(), "name");
      if (given != null) {
        stored = given;
      }
    }
    TypeInfo info;
    Origin convert = first(markers, Marker.CONVERT);
    TypeMirror converter = convert == null ? null : annotations.type(convert.mirror(), "value");
    if (converter instanceof DeclaredType d && converter.getKind() == TypeKind.DECLARED) {
      info =
          typeReader.converted(
              type,
              (TypeElement) d.asElement(),
              convert.at(Annotations.explicit(convert.mirror(), "value")),
              at);
    } else {
      info = typeReader.read(type, at);
    }
    return new PropertyInfo(
        name, stored, Origin.of(at), type, TypeUse.of(info), read, write, markers, cs);
  }

  private List<HookInfo> hooks(TypeElement type) {
    List<HookInfo> out = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      AnnotationMirror hook = Annotations.find(m, HOOK);
      if (hook == null) {
        continue;
      }
      List<Hook.Event> events = new ArrayList<>();
      for (Object o : annotations.list(hook, "value")) {
        events.add(Hook.Event.valueOf(String.valueOf(o)));
      }
      boolean returnsModel = types.isSameType(m.getReturnType(), type.asType());
      out.add(new HookInfo(m, events, returnsModel, Origin.of(m, hook)));
    }
    return out;
  }

  private static void add(Map<Marker, List<Origin>> markers, Marker mk, Origin origin) {
    markers.computeIfAbsent(mk, k -> new ArrayList<>()).add(origin);
  }

  private static Origin first(Map<Marker, List<Origin>> markers, Marker mk) {
    List<Origin> list = markers.get(mk);
    return list == null ? null : list.get(0);
  }
}
