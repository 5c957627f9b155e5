package io.cdcorchestrator.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import com.google.protobuf.WireFormat;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import io.temporal.api.history.v1.History;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.text.ParseException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a workflow history in protobuf's JSON form (what {@code cdc history} and {@code temporal
 * workflow show --output json} write) several times faster than {@code JsonFormat}, which builds a
 * Gson tree and sets every field by reflection: one pass of Jackson's streaming parser writes
 * protobuf's binary form, guided by the message descriptors, and the generated code parses that.
 *
 * <p>The result equals {@code JsonFormat.parser().ignoringUnknownFields()}'s (unknown fields are
 * skipped; a test compares both on every committed history). Whatever it does not handle — JSON
 * that does not parse, an enum name it does not know (such as the short form older tools wrote), a
 * well-known type other than Timestamp and Duration (a history has no other) — ends in {@link
 * Unsupported}, and the caller reads the file with the SDK's reader instead.
 */
final class HistoryJson {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Map<Descriptor, Map<String, FieldDescriptor>> FIELDS =
      new ConcurrentHashMap<>();
  private static final String TIMESTAMP = "google.protobuf.Timestamp";
  private static final String DURATION = "google.protobuf.Duration";

  /** One file's reading: the parser and the buffers of each nesting level. */
  private final JsonParser p;

  private final List<Level> levels = new ArrayList<>();

  /** The current string value's characters as bytes, when they are all ASCII. */
  private byte[] ascii = new byte[4096];

  private HistoryJson(JsonParser p) {
    this.p = p;
  }

  /** This reader does not handle the input; the SDK's reader should be asked instead. */
  static final class Unsupported extends Exception {
    Unsupported(String reason) {
      super(reason, null, false, false);
    }
  }

  static History read(byte[] json) throws Unsupported {
    try (JsonParser p = JSON.createParser(json)) {
      expect(p.nextToken(), JsonToken.START_OBJECT);
      Level top = new HistoryJson(p).message(History.getDescriptor(), 0);
      if (p.nextToken() != null) {
        throw new Unsupported("text after the history");
      }
      return History.parser().parseFrom(top.bytes.array(), 0, top.bytes.size());
    } catch (IOException | RuntimeException e) {
      throw new Unsupported(e.toString());
    }
  }

  /**
   * A nesting level's buffer: a message is written whole into its level's buffer, then copied into
   * its parent's with its length in front (protobuf needs the length first). Reused from message to
   * message: an encoder per nested message, each with its own 4 KiB buffer, cost more than the
   * parsing.
   */
  private static final class Level {
    final Bytes bytes = new Bytes();
    final CodedOutputStream out = CodedOutputStream.newInstance(bytes);
  }

  /** A byte array output stream whose array is read in place. */
  private static final class Bytes extends ByteArrayOutputStream {
    byte[] array() {
      return buf;
    }
  }

  /** The object the parser is at (its START_OBJECT read), into level {@code depth}'s buffer. */
  private Level message(Descriptor type, int depth) throws IOException, Unsupported {
    if (levels.size() == depth) {
      levels.add(new Level());
    }
    Level level = levels.get(depth);
    level.bytes.reset();
    CodedOutputStream out = level.out;
    Map<String, FieldDescriptor> fields = FIELDS.computeIfAbsent(type, HistoryJson::byName);
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      expect(t, JsonToken.FIELD_NAME);
      FieldDescriptor f = fields.get(p.currentName());
      JsonToken value = p.nextToken();
      if (f == null) {
        p.skipChildren(); // unknown field: ignored, as ignoringUnknownFields() does
      } else if (value == JsonToken.VALUE_NULL) {
        continue; // null is the default value
      } else if (f.isMapField()) {
        map(f, out, depth);
      } else if (f.isRepeated()) {
        expect(value, JsonToken.START_ARRAY);
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          if (e == null || e == JsonToken.VALUE_NULL) {
            throw new Unsupported("null or end of text in repeated field " + f.getFullName());
          }
          value(f, out, depth);
        }
      } else {
        value(f, out, depth);
      }
    }
    out.flush();
    return level;
  }

  /** Writes the message the parser is at as field {@code n} of {@code out}'s message. */
  private void nested(int n, Descriptor type, CodedOutputStream out, int depth)
      throws IOException, Unsupported {
    Level child = message(type, depth + 1);
    out.writeTag(n, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    out.writeUInt32NoTag(child.bytes.size());
    out.writeRawBytes(child.bytes.array(), 0, child.bytes.size());
  }

  private static Map<String, FieldDescriptor> byName(Descriptor type) {
    Map<String, FieldDescriptor> fields = new HashMap<>();
    for (FieldDescriptor f : type.getFields()) {
      fields.put(f.getName(), f);
      fields.put(f.getJsonName(), f);
    }
    return fields;
  }

  /** A map field: a JSON object whose members are the entries (key 1, value 2). */
  private void map(FieldDescriptor f, CodedOutputStream out, int depth)
      throws IOException, Unsupported {
    expect(p.currentToken(), JsonToken.START_OBJECT);
    FieldDescriptor key = f.getMessageType().findFieldByNumber(1);
    FieldDescriptor value = f.getMessageType().findFieldByNumber(2);
    if (levels.size() == depth + 1) {
      levels.add(new Level());
    }
    Level level = levels.get(depth + 1);
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      expect(t, JsonToken.FIELD_NAME);
      String name = p.currentName();
      level.bytes.reset();
      mapKey(name, key, level.out);
      if (p.nextToken() != JsonToken.VALUE_NULL) {
        value(value, level.out, depth + 1);
      }
      level.out.flush();
      out.writeTag(f.getNumber(), WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(level.bytes.size());
      out.writeRawBytes(level.bytes.array(), 0, level.bytes.size());
    }
  }

  private static void mapKey(String key, FieldDescriptor f, CodedOutputStream out)
      throws IOException, Unsupported {
    int n = f.getNumber();
    switch (f.getType()) {
      case STRING -> out.writeString(n, key);
      case BOOL -> out.writeBool(n, Boolean.parseBoolean(key));
      case INT32, SINT32, SFIXED32, UINT32, FIXED32, INT64, SINT64, SFIXED64, UINT64, FIXED64 ->
          integral(n, f, key, out);
      default -> throw new Unsupported("map key of type " + f.getType());
    }
  }

  private void value(FieldDescriptor f, CodedOutputStream out, int depth)
      throws IOException, Unsupported {
    int n = f.getNumber();
    JsonToken t = p.currentToken();
    switch (f.getType()) {
      case STRING -> string(n, out);
      case BOOL -> {
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
          out.writeBool(n, t == JsonToken.VALUE_TRUE);
        } else {
          out.writeBool(n, Boolean.parseBoolean(text(p)));
        }
      }
      case BYTES -> bytes(n, out);
      case ENUM -> {
        if (t == JsonToken.VALUE_NUMBER_INT) {
          out.writeEnum(n, p.getIntValue());
        } else {
          EnumValueDescriptor e = f.getEnumType().findValueByName(text(p));
          if (e == null) {
            throw new Unsupported("enum value " + p.getText() + " of " + f.getFullName());
          }
          out.writeEnum(n, e.getNumber());
        }
      }
      case DOUBLE -> out.writeDouble(n, floating(p));
      case FLOAT -> out.writeFloat(n, (float) floating(p));
      case MESSAGE -> messageValue(n, f.getMessageType(), out, depth);
      case GROUP -> throw new Unsupported("group " + f.getFullName());
      default -> {
        if (t == JsonToken.VALUE_NUMBER_INT
            && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
          integral(n, f, p.getLongValue(), out);
        } else if (t == JsonToken.VALUE_STRING) {
          integral(n, f, p.getText(), out);
        } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
          integral(n, f, p.getDecimalValue(), out);
        } else {
          throw new Unsupported("not a number: " + t);
        }
      }
    }
  }

  private void messageValue(int n, Descriptor type, CodedOutputStream out, int depth)
      throws IOException, Unsupported {
    String name = type.getFullName();
    if (name.equals(TIMESTAMP)) {
      Timestamp t = timestamp(text(p));
      secondsAndNanos(n, t.getSeconds(), t.getNanos(), out);
    } else if (name.equals(DURATION)) {
      try {
        Duration d = Durations.parse(text(p));
        secondsAndNanos(n, d.getSeconds(), d.getNanos(), out);
      } catch (ParseException e) {
        throw new Unsupported(e.getMessage());
      }
    } else if (name.startsWith("google.protobuf.")) {
      throw new Unsupported("well-known type " + name);
    } else {
      expect(p.currentToken(), JsonToken.START_OBJECT);
      nested(n, type, out, depth);
    }
  }

  /** A Timestamp or Duration as field {@code n}: seconds (1) and nanos (2), zeros left out. */
  private static void secondsAndNanos(int n, long seconds, int nanos, CodedOutputStream out)
      throws IOException {
    int size =
        (seconds == 0 ? 0 : CodedOutputStream.computeInt64Size(1, seconds))
            + (nanos == 0 ? 0 : CodedOutputStream.computeInt32Size(2, nanos));
    out.writeTag(n, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    out.writeUInt32NoTag(size);
    if (seconds != 0) {
      out.writeInt64(1, seconds);
    }
    if (nanos != 0) {
      out.writeInt32(2, nanos);
    }
  }

  /** An integer of any of protobuf's integer types, written as a JSON string. */
  private static void integral(int n, FieldDescriptor f, String text, CodedOutputStream out)
      throws IOException, Unsupported {
    try {
      integral(n, f, Long.parseLong(text), out);
    } catch (NumberFormatException e) {
      try {
        integral(n, f, new BigDecimal(text.strip()), out); // 1e3, 1.0, or past a long (uint64)
      } catch (NumberFormatException notANumber) {
        throw new Unsupported("not a number: " + text);
      }
    }
  }

  private static void integral(int n, FieldDescriptor f, BigDecimal value, CodedOutputStream out)
      throws IOException, Unsupported {
    BigInteger v;
    try {
      v = value.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new Unsupported("not an integer: " + value);
    }
    if (v.bitLength() <= 63) {
      integral(n, f, v.longValue(), out);
    } else if (v.signum() > 0
        && v.bitLength() <= 64
        && (f.getType() == FieldDescriptor.Type.UINT64
            || f.getType() == FieldDescriptor.Type.FIXED64)) {
      long bits = v.longValue(); // the two's-complement bits protobuf stores for it
      if (f.getType() == FieldDescriptor.Type.UINT64) {
        out.writeUInt64(n, bits);
      } else {
        out.writeFixed64(n, bits);
      }
    } else {
      throw new Unsupported("out of range for " + f.getType() + ": " + v);
    }
  }

  private static void integral(int n, FieldDescriptor f, long v, CodedOutputStream out)
      throws IOException, Unsupported {
    boolean int32 = v == (int) v;
    boolean uint32 = v >= 0 && v <= 0xFFFF_FFFFL;
    switch (f.getType()) {
      case INT32 -> out.writeInt32(n, (int) checked(int32, v, f));
      case SINT32 -> out.writeSInt32(n, (int) checked(int32, v, f));
      case SFIXED32 -> out.writeSFixed32(n, (int) checked(int32, v, f));
      case UINT32 -> out.writeUInt32(n, (int) checked(uint32, v, f));
      case FIXED32 -> out.writeFixed32(n, (int) checked(uint32, v, f));
      case INT64 -> out.writeInt64(n, v);
      case SINT64 -> out.writeSInt64(n, v);
      case SFIXED64 -> out.writeSFixed64(n, v);
      case UINT64 -> out.writeUInt64(n, checked(v >= 0, v, f));
      case FIXED64 -> out.writeFixed64(n, checked(v >= 0, v, f));
      default -> throw new Unsupported("not an integer field: " + f.getFullName());
    }
  }

  private static long checked(boolean inRange, long v, FieldDescriptor f) throws Unsupported {
    if (!inRange) {
      throw new Unsupported("out of range for " + f.getType() + ": " + v);
    }
    return v;
  }

  private static double floating(JsonParser p) throws IOException, Unsupported {
    return switch (p.currentToken()) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_STRING -> Double.parseDouble(p.getText());
      default -> throw new Unsupported("not a number: " + p.currentToken());
    };
  }

  /**
   * A string field, from the parser's characters: ASCII (almost every string in a history) is
   * copied as is, without building a String that protobuf would encode back to UTF-8.
   */
  private void string(int n, CodedOutputStream out) throws IOException, Unsupported {
    expect(p.currentToken(), JsonToken.VALUE_STRING);
    int len = p.getTextLength();
    if (!ascii(p.getTextCharacters(), p.getTextOffset(), len)) {
      out.writeString(n, p.getText());
      return;
    }
    out.writeTag(n, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    out.writeUInt32NoTag(len);
    out.writeRawBytes(ascii, 0, len);
  }

  /**
   * A bytes field: standard base64, or the URL-safe alphabet (as JsonFormat reads it), decoded from
   * the parser's characters without a String in between.
   */
  private void bytes(int n, CodedOutputStream out) throws IOException, Unsupported {
    expect(p.currentToken(), JsonToken.VALUE_STRING);
    int len = p.getTextLength();
    if (!ascii(p.getTextCharacters(), p.getTextOffset(), len)) {
      throw new Unsupported("not base64: " + p.getText());
    }
    boolean urlSafe = false;
    for (int i = 0; i < len && !urlSafe; i++) {
      urlSafe = ascii[i] == '-' || ascii[i] == '_';
    }
    ByteBuffer decoded =
        (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder())
            .decode(ByteBuffer.wrap(ascii, 0, len));
    out.writeByteArray(n, decoded.array(), decoded.arrayOffset(), decoded.remaining());
  }

  /**
   * Copies {@code len} characters into {@link #ascii}; false (nothing usable) if one is not ASCII.
   */
  private boolean ascii(char[] chars, int offset, int len) {
    if (ascii.length < len) {
      ascii = new byte[Math.max(len, ascii.length * 2)];
    }
    for (int i = 0; i < len; i++) {
      char c = chars[offset + i];
      if (c >= 0x80) {
        return false;
      }
      ascii[i] = (byte) c;
    }
    return true;
  }

  private static String text(JsonParser p) throws IOException, Unsupported {
    expect(p.currentToken(), JsonToken.VALUE_STRING);
    return p.getText();
  }

  /**
   * RFC 3339 in UTC with up to nine fraction digits ({@code 2026-11-23T22:23:18.668467072Z}, what
   * the tools write) by hand; any other form through protobuf's own parser.
   */
  static Timestamp timestamp(String s) throws Unsupported {
    int len = s.length();
    if (len >= 20
        && len <= 30
        && s.charAt(4) == '-'
        && s.charAt(7) == '-'
        && s.charAt(10) == 'T'
        && s.charAt(13) == ':'
        && s.charAt(16) == ':'
        && s.charAt(len - 1) == 'Z'
        && (len == 20 || s.charAt(19) == '.')) {
      int year = digits(s, 0, 4);
      int month = digits(s, 5, 7);
      int day = digits(s, 8, 10);
      int hour = digits(s, 11, 13);
      int minute = digits(s, 14, 16);
      int second = digits(s, 17, 19);
      int fraction = len == 20 ? 0 : digits(s, 20, len - 1);
      if (year >= 0
          && month >= 1
          && month <= 12
          && day >= 1
          && day <= 31
          && hour >= 0
          && hour <= 23
          && minute >= 0
          && minute <= 59
          && second >= 0
          && second <= 59
          && fraction >= 0
          && len - 21 <= 9) {
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        int nanos = fraction;
        for (int digits = Math.max(0, len - 21); digits < 9 && len > 20; digits++) {
          nanos *= 10; // .5 is 500000000 ns
        }
        return Timestamp.newBuilder()
            .setSeconds(epochDay * 86_400 + hour * 3_600L + minute * 60L + second)
            .setNanos(nanos)
            .build();
      }
    }
    try {
      return Timestamps.parse(s);
    } catch (ParseException e) {
      throw new Unsupported(e.getMessage());
    }
  }

  /** The decimal digits of {@code s} from {@code from} to {@code to}, or -1. */
  private static int digits(String s, int from, int to) {
    if (to <= from) {
      return -1;
    }
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static void expect(JsonToken actual, JsonToken expected) throws Unsupported {
    if (actual != expected) {
      throw new Unsupported("expected " + expected + ", found " + actual);
    }
  }
}
