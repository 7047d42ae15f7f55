package io.osmos.codec.testmodel;

import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.FieldNames;
import io.osmos.codec.FieldReader;
import io.osmos.codec.FieldType;
import io.osmos.codec.FieldWriter;
import io.osmos.codec.ValueCodec;
import java.util.List;

/** Written the way the processor generates the codec of an {@code @Embeddable}. */
public final class Address_ {
  private Address_() {}

  public static final FieldNames NAMES = FieldNames.of("street", "city", "floor");

  public static final FieldType.Struct TYPE =
      new FieldType.Struct(
          "Address",
          List.of(
              new FieldDescriptor(
                  0, "street", "street", FieldType.STRING, true, FieldDescriptor.Role.PLAIN,
                  false),
              new FieldDescriptor(
                  1, "city", "city", FieldType.STRING, true, FieldDescriptor.Role.PLAIN, false),
              new FieldDescriptor(
                  2, "floor", "floor", FieldType.INT32, true, FieldDescriptor.Role.PLAIN,
                  false)));

  public static final ValueCodec<Address> CODEC =
      new ValueCodec<>() {
        @Override
        public void write(Address value, FieldWriter out) {
          out.beginObject();
          if (value.street() != null) {
            out.name(NAMES.name(0));
            out.string(value.street());
          }
          if (value.city() != null) {
            out.name(NAMES.name(1));
            out.string(value.city());
          }
          if (value.floor() != null) {
            out.name(NAMES.name(2));
            out.int32(value.floor());
          }
          out.endObject();
        }

        @Override
        public Address read(FieldReader in) {
          in.beginObject();
          String street = null;
          String city = null;
          Integer floor = null;
          int i;
          while ((i = in.nextField(NAMES)) >= 0) {
            switch (i) {
              case 0:
                street = in.tryNull() ? null : in.string();
                break;
              case 1:
                city = in.tryNull() ? null : in.string();
                break;
              case 2:
                floor = in.tryNull() ? null : in.int32();
                break;
              default:
                in.skip();
            }
          }
          return new Address(street, city, floor);
        }

        @Override
        public FieldType type() {
          return TYPE;
        }
      };
}
