package io.osmos.samples.shop;

/** Where an order is in its life. */
public enum OrderStatus {
  PLACED,
  PAID,
  SHIPPED,
  CANCELLED
}
