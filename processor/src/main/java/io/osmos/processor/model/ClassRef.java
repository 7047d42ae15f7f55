package io.osmos.processor.model;

import com.palantir.javapoet.ClassName;

/**
 * A class named in an annotation (a converter, a validator) that generated code creates with {@code
 * new T()}.
 *
 * @param name the class
 * @param concrete whether it is a class and not abstract
 * @param instantiable whether code in the model's package can call its no-argument constructor
 */
public record ClassRef(ClassName name, boolean concrete, boolean instantiable) {
  public String simpleName() {
    return name.simpleName();
  }
}
