package io.osmos.postgres;

import io.osmos.schema.ModelSchema;
import java.util.List;

final class LookupLayout<T, K> {
  final String bucket;

  LookupLayout(String schema, ModelSchema<T, K> model) {
    bucket = model.bucket();
  }

  String signature() {
    return "";
  }

  List<String> ddl() {
    return List.of();
  }
}
