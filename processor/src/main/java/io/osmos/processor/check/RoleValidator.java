package io.osmos.processor.check;

import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import io.osmos.annotations.Model;
import io.osmos.processor.model.Marker;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.Origin;
import io.osmos.processor.model.PropertyInfo;
import io.osmos.processor.model.ScalarKind;
import io.osmos.processor.model.TypeInfo;
import java.util.List;
import java.util.Map;

/**
 * The rules for the annotations that give a field a role: {@code @Key}, {@code @Index},
 * {@code @Version}, {@code @Timestamp}, {@code @Extra} and {@code @Transient}, on each field and
 * across the fields of a model.
 */
final class RoleValidator {
  private static final TypeName MAP_OF_OBJECTS =
      ParameterizedTypeName.get(Map.class, String.class, Object.class);
  private static final Marker[] WITH_KEY = {
    Marker.TRANSIENT, Marker.VERSION, Marker.TIMESTAMP, Marker.EXTRA
  };
  private static final Marker[] CANCELLED_BY_TRANSIENT = {
    Marker.INDEX,
    Marker.VERSION,
    Marker.TIMESTAMP,
    Marker.EXTRA,
    Marker.FIELD,
    Marker.CONVERT,
    Marker.DEFAULT
  };
  private static final Marker[] MODEL_ONLY = {
    Marker.KEY, Marker.INDEX, Marker.VERSION, Marker.TIMESTAMP
  };

  /** Each annotation once per field, and a key with no other role. */
  void markers(ModelInfo m, PropertyInfo p, ValidationReport.Builder report) {
    for (Map.Entry<Marker, List<Origin>> e : p.markers().entrySet()) {
      if (e.getValue().size() > 1) {
        Origin second = e.getValue().get(1);
        if (e.getKey() == Marker.KEY) {
          report.add(Message.KEY_REPEATED, second, p.name());
        } else {
          report.add(Message.FIELD_REPEATED, second, e.getKey().display(), p.name());
        }
      }
    }
    if (!p.has(Marker.KEY)) {
      return;
    }
    // A field of a composite key may be indexed: lookups by that field alone need the index.
    if (p.has(Marker.INDEX) && !m.key().composite()) {
      report.add(Message.KEY_INDEXED, p.marker(Marker.INDEX), p.name());
    }
    for (Marker other : WITH_KEY) {
      if (p.has(other)) {
        report.add(Message.KEY_WITH_ROLE, p.marker(other), p.name(), other.display());
      }
    }
  }

  /** A {@code @Transient} field is not stored, so the annotations about storing it are moot. */
  void transientField(PropertyInfo p, ValidationReport.Builder report) {
    for (Marker other : CANCELLED_BY_TRANSIENT) {
      if (p.has(other)) {
        report.add(Message.FIELD_TRANSIENT, p.marker(other), p.name(), other.display());
      }
    }
  }

  /** The {@code @Extra} field keeps any stored value, so it is a map of objects. */
  void extraField(PropertyInfo p, ValidationReport.Builder report) {
    if (!p.type().type().typeName().equals(MAP_OF_OBJECTS)) {
      report.add(Message.EXTRA_TYPE, p.marker(Marker.EXTRA), p.name(), p.declaredType());
    }
  }

  /** Keys, indexes, versions and timestamps belong to models, not to what they nest. */
  void embeddableField(ModelInfo m, PropertyInfo p, ValidationReport.Builder report) {
    for (Marker mk : MODEL_ONLY) {
      if (p.has(mk)) {
        report.add(Message.INDEX_EMBEDDABLE, p.marker(mk), mk.display(), p.name(), m.simpleName());
      }
    }
  }

  /** The types a key, an index, a version and a timestamp can have (of a storable field). */
  void modelField(PropertyInfo p, ValidationReport.Builder report) {
    TypeInfo t = p.type().type();
    TypeInfo v = p.valueType();
    if (p.has(Marker.KEY)) {
      if (t instanceof TypeInfo.OptionalOf) {
        report.add(Message.KEY_OPTIONAL, p.marker(Marker.KEY), p.name(), v.display());
      } else if (!keyable(t)) {
        report.add(Message.KEY_TYPE, p.marker(Marker.KEY), p.name(), p.declaredType());
      }
    }
    if (p.has(Marker.INDEX) && !indexable(v)) {
      report.add(
          t instanceof TypeInfo.Converted ? Message.INDEX_CONVERTED : Message.INDEX_TYPE,
          p.marker(Marker.INDEX),
          p.name(),
          p.declaredType());
    }
    if (p.has(Marker.VERSION) && !isScalar(t, ScalarKind.INT) && !isScalar(t, ScalarKind.LONG)) {
      report.add(Message.VERSION_TYPE, p.marker(Marker.VERSION), p.name(), p.declaredType());
    }
    if (p.has(Marker.TIMESTAMP) && !isScalar(t, ScalarKind.INSTANT)) {
      report.add(Message.TIMESTAMP_TYPE, p.marker(Marker.TIMESTAMP), p.name(), p.declaredType());
    }
  }

  /** A model has a key, at most one version and one timestamp, and a stream model a timestamp. */
  void model(ModelInfo m, ValidationReport.Builder report) {
    if (m.key().fields().isEmpty()) {
      boolean transientKey = false;
      for (PropertyInfo p : m.properties()) {
        transientKey |= p.has(Marker.KEY);
      }
      // A @Key that is not stored has been reported already, as a key with another role.
      if (!transientKey) {
        report.add(Message.KEY_MISSING, m.origin(), m.simpleName());
      }
    }
    single(m, Marker.VERSION, Message.VERSION_DUPLICATE, report);
    single(m, Marker.TIMESTAMP, Message.TIMESTAMP_DUPLICATE, report);
    if (m.settings().kind() == Model.Kind.STREAM && m.timestamp() == null) {
      report.add(Message.TIMESTAMP_MISSING, m.origin(), m.simpleName());
    }
  }

  /** At most one {@code @Extra} field. */
  void extraFields(ModelInfo m, ValidationReport.Builder report) {
    single(m, Marker.EXTRA, Message.EXTRA_DUPLICATE, report);
  }

  private static void single(
      ModelInfo m, Marker marker, Message message, ValidationReport.Builder report) {
    PropertyInfo first = null;
    for (PropertyInfo p : m.properties()) {
      if (!p.has(marker) || p.has(Marker.TRANSIENT) || p.has(Marker.KEY)) {
        continue;
      }
      if (first == null) {
        first = p;
      } else {
        report.add(message, p.marker(marker), m.simpleName(), first.name(), p.name());
      }
    }
  }

  private static boolean keyable(TypeInfo t) {
    return t instanceof TypeInfo.Enumeration
        || (t instanceof TypeInfo.Scalar s && s.kind().keyable());
  }

  private static boolean indexable(TypeInfo t) {
    return t instanceof TypeInfo.Enumeration
        || (t instanceof TypeInfo.Scalar s && s.kind().indexable());
  }

  private static boolean isScalar(TypeInfo t, ScalarKind kind) {
    return t instanceof TypeInfo.Scalar s && s.kind() == kind;
  }
}
