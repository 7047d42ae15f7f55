package com.acme.shop;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Nested embeddables, containers of them and a composite key. */
@Model(bucket = "orders", driver = "shop")
public record Order(
    @Key String tenant,
    @Key long number,
    @Key Channel channel,
    @NotEmpty List<Line> lines,
    Map<String, Address> addresses,
    Set<Channel> alerts,
    Optional<Discount> discount,
    Category category,
    @Index Optional<String> reference) {

  public enum Channel {
    WEB,
    STORE
  }
}
