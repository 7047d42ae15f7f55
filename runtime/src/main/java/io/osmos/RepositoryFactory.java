package io.osmos;

/**
 * Makes the repositories of one type for {@link Osmos#repository(Class)}: the entry of the
 * repository index. The annotation processor writes one for each generated repository and lists it
 * in {@code META-INF/services/io.osmos.RepositoryFactory}, so integrations (test extensions,
 * dependency-injection containers) find every repository of the class path through {@link
 * java.util.ServiceLoader}, without scanning classes or reflection.
 *
 * <p>{@link #repositoryType()} is the type users ask for: the generated class itself, or an
 * interface a generated class implements.
 *
 * @param <R> the repository type
 */
public interface RepositoryFactory<R> {
  /** The type {@link Osmos#repository(Class)} is asked for. */
  Class<R> repositoryType();

  /** A new repository bound to the drivers of {@code osmos}. */
  R create(Osmos osmos);
}
