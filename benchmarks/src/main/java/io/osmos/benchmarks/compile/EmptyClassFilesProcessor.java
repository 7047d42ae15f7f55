package io.osmos.benchmarks.compile;

import java.io.DataOutputStream;
import java.io.IOException;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.element.Element;

/**
 * The floor of generating bytecode instead of source: like {@link EmptySourcesProcessor}, but the
 * three empty classes per {@code @Model} are written as class files, which javac enters without
 * parsing or compiling them. Only a measurement: Osmos generates source.
 */
@SupportedAnnotationTypes("io.osmos.annotations.Model")
public final class EmptyClassFilesProcessor extends FloorProcessor {
  @Override
  void model(String pkg, Element e) throws IOException {
    for (String suffix : SUFFIXES) {
      String name = pkg + "." + e.getSimpleName() + suffix;
      try (DataOutputStream out =
          new DataOutputStream(
              processingEnv.getFiler().createClassFile(name, e).openOutputStream())) {
        writeEmptyClass(out, name.replace('.', '/'));
      }
    }
  }

  /** A public final class with no members (JVMS 4.1), class file version 52. */
  private static void writeEmptyClass(DataOutputStream out, String internalName)
      throws IOException {
    out.writeInt(0xCAFEBABE);
    out.writeShort(0); // minor version
    out.writeShort(52); // major version
    out.writeShort(5); // constant pool count: entries 1..4
    out.writeByte(7); // #1 Class -> #2
    out.writeShort(2);
    out.writeByte(1); // #2 Utf8
    out.writeUTF(internalName);
    out.writeByte(7); // #3 Class -> #4
    out.writeShort(4);
    out.writeByte(1); // #4 Utf8
    out.writeUTF("java/lang/Object");
    out.writeShort(0x0031); // ACC_PUBLIC | ACC_FINAL | ACC_SUPER
    out.writeShort(1); // this_class
    out.writeShort(3); // super_class
    out.writeShort(0); // interfaces
    out.writeShort(0); // fields
    out.writeShort(0); // methods
    out.writeShort(0); // attributes
  }
}
