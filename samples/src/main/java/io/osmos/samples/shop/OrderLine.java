package io.osmos.samples.shop;

import io.osmos.annotations.Convert;
import io.osmos.annotations.Embeddable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** One line of an order, stored inside it; the price is the one at the time of the order. */
@Embeddable
public record OrderLine(
    @NotBlank String sku,
    @Positive int quantity,
    @NotNull @Convert(MoneyConverter.class) Money unitPrice) {

  public Money total() {
    return unitPrice.times(quantity);
  }
}
