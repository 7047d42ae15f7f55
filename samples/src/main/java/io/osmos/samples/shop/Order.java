package io.osmos.samples.shop;

import io.osmos.annotations.Convert;
import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Version;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;

/**
 * An order with its lines. Indexed by customer and by status; clerks change the status with
 * optimistic locking ({@code @Version}).
 */
@Model(bucket = "orders", driver = "db")
public record Order(
    @Key String id,
    @Index @NotNull String customerId,
    @Index @NotNull OrderStatus status,
    @NotEmpty List<OrderLine> lines,
    @NotNull @Convert(MoneyConverter.class) Money total,
    @NotNull Instant placedAt,
    @Version long version) {

  /** This order with another status (same version: saving it checks the version). */
  public Order withStatus(OrderStatus newStatus) {
    return new Order(id, customerId, newStatus, lines, total, placedAt, version);
  }
}
