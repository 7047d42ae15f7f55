package io.osmos.benchmarks.google;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.osmos.benchmarks.model.Click;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The baselines' codec for {@link Click}: jackson-core streaming code written for this one type,
 * writing exactly the JSON Osmos's generated codec writes (checked by the module's tests).
 */
final class RawClickCodec {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final SerializedString USER = new SerializedString("user");
  private static final SerializedString SEQ = new SerializedString("seq");
  private static final SerializedString AT = new SerializedString("at");
  private static final SerializedString PAGE = new SerializedString("page");
  private static final SerializedString REFERRER = new SerializedString("referrer");
  private static final SerializedString PAYLOAD = new SerializedString("payload");

  private RawClickCodec() {}

  static byte[] encode(Click c) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(1200);
        JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeFieldName(USER);
      g.writeString(c.user());
      g.writeFieldName(SEQ);
      g.writeNumber(c.seq());
      g.writeFieldName(AT);
      g.writeString(c.at().toString());
      g.writeFieldName(PAGE);
      g.writeString(c.page());
      g.writeFieldName(REFERRER);
      g.writeString(c.referrer());
      g.writeFieldName(PAYLOAD);
      g.writeString(c.payload());
      g.writeEndObject();
      g.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Click decode(InputStream in) {
    try (JsonParser p = FACTORY.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("a click is a JSON object");
      }
      String user = null;
      long seq = 0;
      Instant at = null;
      String page = null;
      String referrer = null;
      String payload = null;
      String name;
      while ((name = p.nextFieldName()) != null) {
        p.nextToken();
        switch (name) {
          case "user" -> user = p.getText();
          case "seq" -> seq = p.getLongValue();
          case "at" -> at = Instant.parse(p.getText());
          case "page" -> page = p.getText();
          case "referrer" -> referrer = p.getText();
          case "payload" -> payload = p.getText();
          default -> p.skipChildren();
        }
      }
      return new Click(user, seq, at, page, referrer, payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
