package io.osmos.samples.shop;

/** An order asked for more of a product than is left; nothing of the order was kept. */
public class OutOfStockException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String sku;

  public OutOfStockException(String sku, int wanted, int left) {
    super("only " + Math.max(0, left) + " of " + sku + " left, " + wanted + " wanted");
    this.sku = sku;
  }

  /** The product that ran out. */
  public String sku() {
    return sku;
  }
}
