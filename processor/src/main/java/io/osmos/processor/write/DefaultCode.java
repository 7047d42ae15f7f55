package io.osmos.processor.write;

import com.palantir.javapoet.CodeBlock;
import io.osmos.processor.model.TypeInfo;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The Java expression of a {@code @Default} the check stage accepted: a literal for primitives and
 * their wrappers, a constant for an enum, a parse of the text for the other scalars, and an empty
 * unmodifiable collection (what the codecs read back is unmodifiable too).
 */
final class DefaultCode {
  private DefaultCode() {}

  static CodeBlock of(TypeInfo type, String text) {
    if (type instanceof TypeInfo.ListOf) {
      return CodeBlock.of("$T.of()", List.class);
    }
    if (type instanceof TypeInfo.SetOf) {
      return CodeBlock.of("$T.of()", Set.class);
    }
    if (type instanceof TypeInfo.MapOf) {
      return CodeBlock.of("$T.of()", Map.class);
    }
    if (type instanceof TypeInfo.Enumeration e) {
      return CodeBlock.of("$T.$N", e.name(), text);
    }
    TypeInfo.Scalar s = (TypeInfo.Scalar) type;
    return switch (s.kind()) {
      case STRING -> CodeBlock.of("$S", text);
      case BOOLEAN -> CodeBlock.of("$L", Boolean.parseBoolean(text));
      case BYTE -> CodeBlock.of("(byte) $L", Long.parseLong(text));
      case SHORT -> CodeBlock.of("(short) $L", Long.parseLong(text));
      case INT -> CodeBlock.of("$L", Long.parseLong(text));
      case LONG -> CodeBlock.of("$LL", Long.parseLong(text));
      case FLOAT -> CodeBlock.of("$Lf", Float.parseFloat(text));
      case DOUBLE -> CodeBlock.of("$L", Double.parseDouble(text));
      case CHAR -> CodeBlock.of("$L", charLiteral(text.charAt(0)));
      case DECIMAL -> CodeBlock.of("new $T($S)", BigDecimal.class, text);
      case BIG_INTEGER -> CodeBlock.of("new $T($S)", BigInteger.class, text);
      case UUID -> CodeBlock.of("$T.fromString($S)", UUID.class, text);
      case INSTANT -> CodeBlock.of("$T.parse($S)", Instant.class, text);
      case LOCAL_DATE -> CodeBlock.of("$T.parse($S)", LocalDate.class, text);
      case LOCAL_DATE_TIME -> CodeBlock.of("$T.parse($S)", LocalDateTime.class, text);
      case DURATION -> CodeBlock.of("$T.parse($S)", Duration.class, text);
      case BYTES -> throw new IllegalArgumentException("no default for byte[]");
    };
  }

  // Not a unicode escape: javac turns those into their character before it reads the literal, so
  // the escape of a quote would close it and that of a line feed end the line.
  private static String charLiteral(char c) {
    if (c == '\'' || c == '\\') {
      return "'\\" + c + "'";
    }
    if (c >= ' ' && c < 0x7f) {
      return "'" + c + "'";
    }
    return String.format("(char) 0x%04x", (int) c);
  }
}
