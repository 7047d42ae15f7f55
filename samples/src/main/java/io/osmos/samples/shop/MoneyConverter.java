package io.osmos.samples.shop;

import io.osmos.annotations.Converter;

/** Stores {@link Money} as readable text, {@code "EUR 12.50"}. */
public final class MoneyConverter implements Converter<Money, String> {
  @Override
  public String toStored(Money value) {
    return value.toString();
  }

  @Override
  public Money fromStored(String stored) {
    return Money.parse(stored);
  }
}
