package io.osmos.samples.shop;

/**
 * What a run of {@link ShopApp} did, for its test and for the summary line.
 *
 * @param customers customers registered
 * @param rejectedViolations violations reported for the invalid registration
 * @param ordersPlaced orders placed, the rush included
 * @param outOfStock orders refused because the mugs ran out
 * @param mugsLeft mugs in stock at the end
 * @param conflictsRetried status changes retried after an optimistic-lock conflict
 * @param contestedStatus the final status of the order two clerks changed at once
 * @param placedPaged orders in status PLACED, counted by paging through the status index
 * @param pages pages read for that
 * @param clicksPublished click events published
 * @param clicksIndexed click events the pipeline wrote to the lookup service
 * @param clicksReplayed click events read back by replaying the log
 * @param annClicks Ann's click events, found through the customer index
 * @param annLastPage the page of Ann's last click, read back by key
 * @param warehouseCheckouts clicks on /checkout counted with SQL in the warehouse, or -1 when the
 *     events driver has no warehouse
 */
public record ShopReport(
    int customers,
    int rejectedViolations,
    int ordersPlaced,
    int outOfStock,
    int mugsLeft,
    int conflictsRetried,
    OrderStatus contestedStatus,
    int placedPaged,
    int pages,
    int clicksPublished,
    int clicksIndexed,
    int clicksReplayed,
    int annClicks,
    String annLastPage,
    long warehouseCheckouts) {}
