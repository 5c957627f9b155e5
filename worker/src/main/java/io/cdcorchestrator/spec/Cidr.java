package io.cdcorchestrator.spec;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 CIDR block, strictly written: four octets, a prefix, no host bits set. */
public record Cidr(long network, int prefix) {
  private static final Pattern FORM =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

  /**
   * @throws IllegalArgumentException with the reason (the caller names the field)
   */
  public static Cidr parse(String text) {
    Matcher m = text == null ? null : FORM.matcher(text.trim());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an IPv4 CIDR block like 10.100.0.0/16");
    }
    long address = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(m.group(i));
      if (octet > 255) {
        throw new IllegalArgumentException("'" + text + "' has an octet above 255");
      }
      address = (address << 8) | octet;
    }
    int prefix = Integer.parseInt(m.group(5));
    if (prefix > 32) {
      throw new IllegalArgumentException("'" + text + "' has a prefix above /32");
    }
    Cidr cidr = new Cidr(address & mask(prefix), prefix);
    if (cidr.network() != address) {
      throw new IllegalArgumentException(
          "'" + text + "' has host bits set (did you mean " + cidr + "?)");
    }
    return cidr;
  }

  public boolean contains(Cidr other) {
    return other.prefix >= prefix && (other.network & mask(prefix)) == network;
  }

  public boolean overlaps(Cidr other) {
    return contains(other) || other.contains(this);
  }

  /**
   * RFC 1918's private ranges and RFC 6598's shared (carrier-grade NAT) range: never routed on the
   * internet.
   */
  static final List<Cidr> PRIVATE =
      List.of(
          parse("10.0.0.0/8"),
          parse("172.16.0.0/12"),
          parse("192.168.0.0/16"),
          parse("100.64.0.0/10"));

  /** Inside a private range (a VPN or a peered network), not public addresses. */
  public boolean isPrivate() {
    return PRIVATE.stream().anyMatch(p -> p.contains(this));
  }

  private static long mask(int prefix) {
    return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }

  @Override
  public String toString() {
    return (network >> 24 & 255)
        + "."
        + (network >> 16 & 255)
        + "."
        + (network >> 8 & 255)
        + "."
        + (network & 255)
        + "/"
        + prefix;
  }
}
