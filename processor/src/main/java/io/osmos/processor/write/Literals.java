package io.osmos.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import io.osmos.processor.model.PropertyInfo;
import io.osmos.processor.query.Operand;
import java.math.BigDecimal;
import java.math.BigInteger;

/** Java source for a literal of a query, typed as the attribute it is compared with. */
final class Literals {
  private Literals() {}

  static CodeBlock of(PropertyInfo attribute, Operand.Literal literal) {
    TypeName type = attribute.valueType().boxedName();
    if (literal instanceof Operand.BooleanLiteral b) {
      return CodeBlock.of("$L", b.value());
    }
    if (literal instanceof Operand.StringLiteral s) {
      if (type.equals(TypeName.CHAR.box())) {
        // One character (checked): a char literal, or its code where quoting it needs escapes.
        char c = s.value().charAt(0);
        return c >= ' ' && c <= '~' && c != '\'' && c != '\\'
            ? CodeBlock.of("'$L'", c)
            : CodeBlock.of("(char) $L", (int) c);
      }
      return CodeBlock.of("$S", s.value());
    }
    if (literal instanceof Operand.EnumLiteral e) {
      return CodeBlock.of("$T.$L", type, e.constant());
    }
    String number =
        literal instanceof Operand.IntegerLiteral i
            ? Long.toString(i.value())
            : ((Operand.DecimalLiteral) literal).value().toPlainString();
    if (type.equals(TypeName.LONG.box())) {
      return CodeBlock.of("$LL", number);
    }
    if (type.equals(TypeName.INT.box())) {
      return CodeBlock.of("$L", number);
    }
    if (type.equals(TypeName.SHORT.box())) {
      return CodeBlock.of("(short) $L", number);
    }
    if (type.equals(TypeName.BYTE.box())) {
      return CodeBlock.of("(byte) $L", number);
    }
    if (type.equals(TypeName.DOUBLE.box())) {
      return CodeBlock.of("$Ld", number);
    }
    if (type.equals(TypeName.FLOAT.box())) {
      return CodeBlock.of("$Lf", number);
    }
    if (type.equals(ClassName.get(BigDecimal.class))) {
      return CodeBlock.of("new $T($S)", BigDecimal.class, number);
    }
    if (type.equals(ClassName.get(BigInteger.class))) {
      return CodeBlock.of("new $T($S)", BigInteger.class, number);
    }
    throw new IllegalStateException(
        "a numeric literal for " + attribute.name() + " of type " + type + " passed the checks");
  }
}
