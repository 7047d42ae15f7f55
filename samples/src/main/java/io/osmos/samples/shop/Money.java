package io.osmos.samples.shop;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An amount of money in minor units (cents), so sums are exact. Stored as text ({@code "EUR
 * 12.50"}) through {@link MoneyConverter}.
 */
public record Money(long cents, String currency) {
  public Money {
    Objects.requireNonNull(currency, "currency");
    if (!currency.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException("currency must be an ISO 4217 code, was " + currency);
    }
  }

  /** Euros from a decimal string such as {@code "12.50"}. */
  public static Money eur(String amount) {
    return new Money(new BigDecimal(amount).movePointRight(2).longValueExact(), "EUR");
  }

  /** Reads the text form, {@code "EUR 12.50"}. */
  public static Money parse(String text) {
    int space = text.indexOf(' ');
    if (space != 3) {
      throw new IllegalArgumentException("not an amount of money: '" + text + "'");
    }
    try {
      long cents = new BigDecimal(text.substring(4)).movePointRight(2).longValueExact();
      return new Money(cents, text.substring(0, 3));
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("not an amount of money: '" + text + "'", e);
    }
  }

  public Money times(int factor) {
    return new Money(Math.multiplyExact(cents, factor), currency);
  }

  public Money plus(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
    }
    return new Money(Math.addExact(cents, other.cents), currency);
  }

  @Override
  public String toString() {
    return currency + " " + BigDecimal.valueOf(cents, 2).toPlainString();
  }
}
