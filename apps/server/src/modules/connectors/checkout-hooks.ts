import type { Db } from "../../platform/db.js";

/**
 * Where the connectors meet the checkout module (issue 24): when a shop says an order was paid,
 * the points the member reserved at that order's checkout are settled; when it says the order was
 * cancelled, they are released. The checkout module is built on another branch; after merging,
 * these two bodies call its `settleReservationOfOrder` / `releaseReservationOfOrder` with the same
 * options. Both are idempotent there, as everything here is. `orderId` is the shop's order id
 * as text (the one the shop sent to POST /checkout/reservations).
 */
export interface OrderReservationRef {
  db: Db;
  companyId: string;
  programId: string;
  orderId: string;
}

export async function settleReservationOfPaidOrder(_ref: OrderReservationRef): Promise<void> {
  // TODO(lead, after merging i24-checkout): await settleReservationOfOrder(_ref);
}

export async function releaseReservationOfCancelledOrder(_ref: OrderReservationRef): Promise<void> {
  // TODO(lead, after merging i24-checkout): await releaseReservationOfOrder(_ref);
}
