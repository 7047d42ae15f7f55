package io.osmos.processor.check;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import io.osmos.annotations.Hook;
import io.osmos.annotations.Model;
import io.osmos.processor.model.ConstraintInfo;
import io.osmos.processor.model.Declaration;
import io.osmos.processor.model.HookInfo;
import io.osmos.processor.model.Marker;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.ModelSettings;
import io.osmos.processor.model.Origin;
import io.osmos.processor.model.PropertyInfo;
import io.osmos.processor.model.ScalarKind;
import io.osmos.processor.model.TypeInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every rule a model or embeddable must follow. Each rule reports at the offending element and
 * carries on, so one build lists every mistake.
 */
public final class ModelChecker {
  private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9_-]{1,63}");
  private static final Pattern STORED_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final TypeName MAP_OF_OBJECTS =
      ParameterizedTypeName.get(Map.class, String.class, Object.class);
  private static final Marker[] EMBEDDABLE_FORBIDDEN = {
    Marker.KEY, Marker.INDEX, Marker.VERSION, Marker.TIMESTAMP
  };

  /** Checks {@code m}; true when it is fit to generate code for. */
  public boolean check(ModelInfo m, Reporter reporter) {
    int before = reporter.errors();
    new Run(m, reporter).run();
    return reporter.errors() == before;
  }

  /**
   * Whether every {@code @Embeddable} type {@code m} nests is itself valid. Their errors are
   * reported where they are declared; a model that nests an invalid one is not generated, so javac
   * does not add errors about missing generated types.
   */
  public boolean nestedValid(ModelInfo m) {
    for (ModelInfo nested : m.reachable()) {
      if (!check(nested, Reporter.silent())) {
        return false;
      }
    }
    return true;
  }

  /** One check of one type. */
  private final class Run {
    private final ModelInfo m;
    private final Reporter reporter;
    private final ConstraintChecker constraints;
    private final String annotation;
    private final Origin typeOrigin;

    Run(ModelInfo m, Reporter reporter) {
      this.m = m;
      this.reporter = reporter;
      this.constraints = new ConstraintChecker(reporter);
      this.annotation = m.isModel() ? "Model" : "Embeddable";
      this.typeOrigin = m.origin();
    }

    void run() {
      if (!kind()) {
        return;
      }
      if (m.isModel()) {
        settings(m.settings());
      }
      names();
      if (!m.constructible()) {
        reporter.error(Message.MODEL_CONSTRUCTOR, typeOrigin, m.simpleName());
      }
      for (PropertyInfo p : m.properties()) {
        property(p);
      }
      storedNames();
      if (m.isModel()) {
        key();
        single(Marker.VERSION, Message.VERSION_DUPLICATE);
        single(Marker.TIMESTAMP, Message.TIMESTAMP_DUPLICATE);
        if (m.settings().kind() == Model.Kind.STREAM && m.timestamp() == null) {
          reporter.error(Message.TIMESTAMP_MISSING, typeOrigin, m.simpleName());
        }
      } else {
        recursion();
      }
      single(Marker.EXTRA, Message.EXTRA_DUPLICATE);
      hooks();
      for (ConstraintInfo c : m.typeConstraints()) {
        constraints.checkValidator("type " + m.simpleName(), m.simpleName(), c);
      }
    }

    // ---- the type itself ----------------------------------------------------------------

    private boolean kind() {
      Declaration t = m.declaration();
      String what = null;
      String fix = "declare a record or a concrete class";
      switch (t.form()) {
        case INTERFACE, ENUM, ANNOTATION_TYPE -> what = t.form().description();
        default -> {
          if (t.isAbstract()) {
            what = "abstract";
            fix = "declare a concrete class (generated code creates instances of it)";
          } else if (t.inner()) {
            what = "a non-static nested class";
            fix = "declare it static, or as a top-level class";
          } else if (t.local()) {
            what = "a local class";
            fix = "declare it as a top-level or static nested type";
          } else if (t.isPrivate()) {
            what = "private (or nested in a private type)";
            fix = "give it at least package access, so generated code can use it";
          } else if (t.generic()) {
            what = "generic";
            fix = "declare a non-generic type; fields may still use List, Set, Map and Optional";
          } else if (m.isModel() && m.embeddableOrigin() != null) {
            what = "also @Embeddable";
            fix =
                "a type is stored either on its own (@Model) or inside models (@Embeddable);"
                    + " remove one of the two";
          }
        }
      }
      if (what != null) {
        reporter.error(Message.MODEL_KIND, typeOrigin, annotation, m.simpleName(), what, fix);
        return false;
      }
      return true;
    }

    private void settings(ModelSettings s) {
      if (s.bucket() == null || !BUCKET.matcher(s.bucket()).matches()) {
        reporter.error(Message.MODEL_BUCKET, s.bucketOrigin(), s.bucket(), m.simpleName());
      }
      if (s.driver() == null || s.driver().isBlank()) {
        reporter.error(Message.MODEL_DRIVER, s.driverOrigin(), m.simpleName());
      }
    }

    private void names() {
      for (ClassName n : m.takenNames()) {
        reporter.error(
            Message.MODEL_NAME_CLASH,
            typeOrigin,
            m.simpleName(),
            n.simpleName(),
            n.packageName().isEmpty() ? "(unnamed)" : n.packageName(),
            m.isModel() ? "model" : "embeddable");
      }
    }

    // ---- fields --------------------------------------------------------------------------

    private void property(PropertyInfo p) {
      repeated(p);
      if (p.has(Marker.TRANSIENT)) {
        transientConflicts(p);
        return;
      }
      access(p);
      if (p.has(Marker.EXTRA)) {
        extra(p);
        return;
      }
      storedName(p);
      boolean typeOk = type(p);
      if (!m.isModel()) {
        for (Marker mk : EMBEDDABLE_FORBIDDEN) {
          if (p.has(mk)) {
            reporter.error(
                Message.INDEX_EMBEDDABLE, p.marker(mk), mk.display(), p.name(), m.simpleName());
          }
        }
      } else if (typeOk) {
        roles(p);
      }
      if (typeOk) {
        constraints.check("field " + p.name(), p.type().type(), p.constraints());
      }
    }

    private void repeated(PropertyInfo p) {
      for (Map.Entry<Marker, List<Origin>> e : p.markers().entrySet()) {
        if (e.getValue().size() > 1) {
          Origin second = e.getValue().get(1);
          if (e.getKey() == Marker.KEY) {
            reporter.error(
                Message.KEY_DUPLICATE,
                second,
                p.name(),
                "has @Key on both the field and its accessor",
                "keep one of them");
          } else {
            reporter.error(Message.FIELD_REPEATED, second, e.getKey().display(), p.name());
          }
        }
      }
      // A field of a composite key may be indexed: lookups by that field alone need the index.
      if (p.has(Marker.KEY) && p.has(Marker.INDEX) && !m.key().composite()) {
        reporter.error(
            Message.KEY_DUPLICATE,
            p.marker(Marker.INDEX),
            p.name(),
            "is both @Key and @Index",
            "a model is found by its key without an index; remove @Index");
      }
      if (p.has(Marker.KEY)) {
        for (Marker other :
            new Marker[] {Marker.TRANSIENT, Marker.VERSION, Marker.TIMESTAMP, Marker.EXTRA}) {
          if (p.has(other)) {
            reporter.error(
                Message.KEY_DUPLICATE,
                p.marker(other),
                p.name(),
                "is both @Key and " + other.display(),
                "a key is a stored field of its own; remove "
                    + other.display()
                    + " or use another field for it");
          }
        }
      }
    }

    private void transientConflicts(PropertyInfo p) {
      for (Marker other :
          new Marker[] {
            Marker.INDEX,
            Marker.VERSION,
            Marker.TIMESTAMP,
            Marker.EXTRA,
            Marker.FIELD,
            Marker.CONVERT
          }) {
        if (p.has(other)) {
          reporter.error(Message.FIELD_TRANSIENT, p.marker(other), p.name(), other.display());
        }
      }
    }

    private void access(PropertyInfo p) {
      String cap = p.capitalized();
      boolean bool = p.bool();
      String type = p.declaredType();
      if (p.read() == null) {
        reporter.error(
            Message.MODEL_ACCESSOR,
            p.origin(),
            m.simpleName(),
            p.name(),
            "getter",
            "public " + type + " " + (bool ? "is" : "get") + cap + "()");
      }
      if (p.write() == null) {
        reporter.error(
            Message.MODEL_ACCESSOR,
            p.origin(),
            m.simpleName(),
            p.name(),
            "setter",
            "public void set" + cap + "(" + type + " " + p.name() + ")");
      }
    }

    private void extra(PropertyInfo p) {
      if (!p.type().type().typeName().equals(MAP_OF_OBJECTS)) {
        reporter.error(Message.EXTRA_TYPE, p.marker(Marker.EXTRA), p.name(), p.declaredType());
      }
    }

    private void storedName(PropertyInfo p) {
      if (!STORED_NAME.matcher(p.storedName()).matches()) {
        Origin at = p.storedNameOrigin();
        reporter.error(
            Message.FIELD_NAME,
            at != null ? at : p.origin(),
            p.name(),
            p.storedName(),
            at != null ? "" : "; give it a stored name with @Field(name = \"...\")");
      }
    }

    private void storedNames() {
      Map<String, PropertyInfo> byName = new HashMap<>();
      for (PropertyInfo p : m.stored()) {
        PropertyInfo first = byName.putIfAbsent(p.storedName(), p);
        if (first != null) {
          Origin at = p.marker(Marker.FIELD) != null ? p.marker(Marker.FIELD) : p.origin();
          reporter.error(
              Message.FIELD_DUPLICATE_NAME,
              at,
              first.name(),
              p.name(),
              m.simpleName(),
              p.storedName());
        }
      }
    }

    /** Checks the field's type; false when it is not storable (later checks then keep quiet). */
    private boolean type(PropertyInfo p) {
      TypeInfo t = p.type().type();
      if (t instanceof TypeInfo.Converted c) {
        return converter(p, c);
      }
      TypeInfo bad = t.firstUnsupported();
      if (bad == null) {
        return embeddablesProcessed(p, t);
      }
      if (bad instanceof TypeInfo.NotEmbeddable ne) {
        reporter.error(
            Message.EMBEDDABLE_MISSING,
            p.origin(),
            p.name(),
            p.declaredType(),
            ne.name().simpleName());
      } else {
        TypeInfo.Unsupported u = (TypeInfo.Unsupported) bad;
        String reason =
            u == t
                ? (u.reason() == null ? "" : " (" + u.reason() + ")")
                : " ("
                    + u.display()
                    + (u.reason() == null ? " is not supported" : ": " + u.reason())
                    + ")";
        reporter.error(
            Message.FIELD_TYPE, p.origin(), p.name(), p.declaredType(), reason);
      }
      return false;
    }

    /** An embeddable from a library needs its generated metamodel in that library. */
    private boolean embeddablesProcessed(PropertyInfo p, TypeInfo t) {
      if (t.innermost() instanceof TypeInfo.Embedded e && !e.model().metamodelAvailable()) {
        reporter.error(
            Message.EMBEDDABLE_UNPROCESSED,
            p.origin(),
            p.name(),
            e.name().simpleName(),
            e.model().metamodelName().simpleName());
        return false;
      }
      return true;
    }

    private boolean converter(PropertyInfo p, TypeInfo.Converted c) {
      String name = c.converter().simpleName();
      Origin at = c.origin();
      if (!c.converter().concrete()) {
        reporter.error(
            Message.CONVERT_INVALID,
            at,
            name,
            p.name(),
            name + " is abstract or an interface; name a concrete Converter class");
        return false;
      }
      if (!c.converter().instantiable()) {
        reporter.error(
            Message.CONVERT_INVALID,
            at,
            name,
            p.name(),
            name
                + " needs a public no-argument constructor (generated code creates it with new "
                + name
                + "()), and must be a public or package-level class");
        return false;
      }
      if (c.appArgument() == null || c.storedArgument() == null) {
        reporter.error(
            Message.CONVERT_INVALID,
            at,
            name,
            p.name(),
            "cannot tell what "
                + name
                + " converts; implement Converter<A, S> with concrete"
                + " types A (the field's type) and S (the stored type)");
        return false;
      }
      if (!c.convertsField()) {
        reporter.error(
            Message.CONVERT_INVALID,
            at,
            name,
            p.name(),
            name
                + " converts "
                + c.appArgument()
                + " values, but the field"
                + " is a "
                + p.declaredType()
                + "; use a Converter<"
                + c.boxedField()
                + ", S>");
        return false;
      }
      TypeInfo stored = c.stored().type();
      if (stored.firstUnsupported() != null || stored instanceof TypeInfo.OptionalOf) {
        reporter.error(
            Message.CONVERT_INVALID,
            at,
            name,
            p.name(),
            name
                + " stores "
                + c.storedArgument()
                + ", which Osmos cannot"
                + " store; make it store a supported type such as String, long or"
                + " BigDecimal");
        return false;
      }
      return true;
    }

    /** The rules for key, index, version and timestamp fields of a model. */
    private void roles(PropertyInfo p) {
      TypeInfo t = p.type().type();
      TypeInfo v = p.valueType();
      if (p.has(Marker.KEY)) {
        if (t instanceof TypeInfo.OptionalOf) {
          reporter.error(
              Message.KEY_OPTIONAL, p.marker(Marker.KEY), p.name(), v.display());
        } else if (!keyable(t)) {
          reporter.error(
              Message.KEY_TYPE, p.marker(Marker.KEY), p.name(), p.declaredType());
        }
      }
      if (p.has(Marker.INDEX) && !indexable(v)) {
        reporter.error(
            Message.INDEX_TYPE,
            p.marker(Marker.INDEX),
            p.name(),
            p.declaredType(),
            t instanceof TypeInfo.Converted ? " (a converted field cannot be indexed)" : "");
      }
      if (p.has(Marker.VERSION)) {
        boolean ok =
            t instanceof TypeInfo.Scalar s
                && (s.kind() == ScalarKind.INT || s.kind() == ScalarKind.LONG);
        if (!ok) {
          reporter.error(
              Message.VERSION_TYPE,
              p.marker(Marker.VERSION),
              p.name(),
              p.declaredType());
        }
      }
      if (p.has(Marker.TIMESTAMP)) {
        boolean ok = t instanceof TypeInfo.Scalar s && s.kind() == ScalarKind.INSTANT;
        if (!ok) {
          reporter.error(
              Message.TIMESTAMP_TYPE,
              p.marker(Marker.TIMESTAMP),
              p.name(),
              p.declaredType());
        }
      }
    }

    private boolean keyable(TypeInfo t) {
      return t instanceof TypeInfo.Enumeration
          || t instanceof TypeInfo.Scalar s && s.kind().keyable();
    }

    private boolean indexable(TypeInfo t) {
      return t instanceof TypeInfo.Enumeration
          || t instanceof TypeInfo.Scalar s && s.kind().indexable();
    }

    // ---- the model as a whole ------------------------------------------------------------

    private void key() {
      if (m.key().fields().isEmpty()) {
        boolean transientKey = false;
        for (PropertyInfo p : m.properties()) {
          transientKey |= p.has(Marker.KEY);
        }
        if (!transientKey) {
          reporter.error(Message.KEY_MISSING, typeOrigin, m.simpleName());
        }
      }
    }

    private void single(Marker marker, Message message) {
      PropertyInfo first = null;
      for (PropertyInfo p : m.properties()) {
        if (!p.has(marker) || p.has(Marker.TRANSIENT) || p.has(Marker.KEY)) {
          continue;
        }
        if (first == null) {
          first = p;
        } else {
          reporter.error(message, p.marker(marker), m.simpleName(), first.name(), p.name());
        }
      }
    }

    /** An embeddable that contains itself through plain fields would nest without end. */
    private void recursion() {
      for (PropertyInfo p : m.stored()) {
        List<String> rest = p.type().type().plainPathTo(m);
        if (rest != null) {
          List<String> path = new ArrayList<>();
          path.add(m.simpleName() + "." + p.name());
          path.addAll(rest);
          reporter.error(
              Message.EMBEDDABLE_RECURSIVE, p.origin(), m.simpleName(), String.join(" -> ", path));
        }
      }
    }

    private void hooks() {
      for (HookInfo h : m.hooks()) {
        String problem = null;
        if (!m.isModel()) {
          problem =
              "hooks run on models only, and "
                  + m.simpleName()
                  + " is an @Embeddable;"
                  + " move the hook to the model that contains it";
        } else if (h.events().isEmpty()) {
          problem =
              "it names no event; list the events it handles, e.g."
                  + " @Hook(Hook.Event.WILL_SAVE)";
        } else if (h.isStatic()) {
          problem = "it is static; a hook is an instance method of the model";
        } else if (h.isPrivate()) {
          problem =
              "it is private; generated code must call it, so give it at least package" + " access";
        } else if (h.takesParameters()) {
          problem = "it takes parameters; a hook takes none (it runs on the model itself)";
        } else if (h.generic()) {
          problem = "it is generic; a hook is a plain method";
        } else if (h.throwsChecked()) {
          problem = "it declares checked exceptions; veto by throwing an unchecked exception";
        } else if (!h.returnsVoid() && !h.returnsModel()) {
          problem =
              "it returns "
                  + h.returnType()
                  + "; a hook"
                  + " returns void, or "
                  + m.simpleName()
                  + " to replace the model (WILL_SAVE and"
                  + " WILL_VALIDATE only)";
        } else if (h.returnsModel()) {
          for (Hook.Event e : h.events()) {
            if (e != Hook.Event.WILL_SAVE && e != Hook.Event.WILL_VALIDATE) {
              problem =
                  "it returns a replacement "
                      + m.simpleName()
                      + ", which only WILL_SAVE and"
                      + " WILL_VALIDATE hooks may do, but it also handles "
                      + e
                      + "; return void"
                      + " or split the method";
              break;
            }
          }
        }
        if (problem != null) {
          reporter.error(
              Message.HOOK_INVALID, h.origin(), h.name() + "()", m.simpleName(), problem);
        }
      }
    }
  }
}
