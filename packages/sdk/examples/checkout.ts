/**
 * Points at an e-shop's checkout: quote what the member may use, reserve it while the customer
 * pays, then settle the reservation when the order is paid or release it when it is abandoned.
 * Needs an API key with checkout.write. Reservations are idempotent by orderId and expire.
 * The flow and its limits: docs/checkout.md.
 */
import { ApiError, createRegularsClient, unwrap } from "@regulars/sdk";

const client = createRegularsClient({
  baseUrl: process.env.REGULARS_URL ?? "http://localhost:3000",
  apiKey: process.env.REGULARS_API_KEY ?? "",
});

const programId = process.env.PROGRAM_ID ?? "";
const cardNumber = process.env.CARD ?? "";
const orderId = "order-10042";
// 129.50 zł: two bags of coffee and a mug (the mug may be one of the program's products for points).
const basket = {
  amount: { amount: 12_950, currency: "PLN" },
  items: [
    { sku: "COF-250", name: "Coffee 250 g", quantity: 2, unitPriceMinor: 4_500 },
    { sku: "MUG-01", name: "Mug", quantity: 1, unitPriceMinor: 3_950 },
  ],
};

// 1. What may the member take or apply in this basket?
const quote = await unwrap(client.POST("/api/v1/checkout/quote", { body: { programId, cardNumber, basket } }));
console.log("quote", quote);

// 2. The customer chose: reserve the points (the same orderId answers the same reservation).
const reservation = await unwrap(
  client.POST("/api/v1/checkout/reservations", {
    body: { programId, cardNumber, orderId, basket, apply: { discountPoints: 100 } },
  }),
);
console.log("reserved", reservation);

// 3. The order was paid: settle. Abandoned: release. Both are safe to repeat.
const paid = process.argv.includes("--paid");
try {
  const path = paid ? "/api/v1/checkout/reservations/{id}/settle" : "/api/v1/checkout/reservations/{id}/release";
  const done = await unwrap(client.POST(path, { params: { path: { id: reservation.id } } }));
  console.log(paid ? "settled" : "released", done);
} catch (e) {
  // e.g. 409 when the reservation expired before the order was paid: quote and reserve again.
  if (e instanceof ApiError) console.error(e.status, e.code, e.message);
  else throw e;
}
