package io.osmos.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A Jakarta Data repository interface ({@code @jakarta.data.repository.Repository}), as the read
 * stage found it: its methods, each with the entity it works on.
 *
 * @param element the interface, only to report at and to name as the originating element
 * @param name the interface's class name
 * @param dataStore {@code @Repository(dataStore)}: the driver name; empty for the entity's own
 * @param origin the {@code @Repository} annotation
 * @param primaryEntity the entity of {@code DataRepository<T, K>} it extends, or null
 * @param methods the abstract methods, declared and inherited, in declaration order
 */
public record RepositoryInfo(
    TypeElement element,
    ClassName name,
    String dataStore,
    Origin origin,
    EntityInfo primaryEntity,
    List<RepositoryMethod> methods) {
  public RepositoryInfo {
    methods = List.copyOf(methods);
  }

  /** The generated implementation: {@code Books_} for {@code Books}. */
  public ClassName implementationName() {
    return ClassName.get(name.packageName(), String.join("_", name.simpleNames()) + "_");
  }
}
