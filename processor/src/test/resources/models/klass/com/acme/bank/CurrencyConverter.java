package com.acme.bank;

import io.osmos.annotations.Converter;

public class CurrencyConverter implements Converter<Currency, String> {
  @Override
  public String toStored(Currency value) {
    return value.code();
  }

  @Override
  public Currency fromStored(String stored) {
    return new Currency(stored);
  }
}
