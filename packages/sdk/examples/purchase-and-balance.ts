/**
 * Record a purchase at the till and read the member's balance, with an API key holding the
 * scopes purchases.write and members.read.
 *
 *   REGULARS_URL=https://loyalty.example.com REGULARS_API_KEY=rgl_… PROGRAM_ID=prg_… CARD=… npx tsx purchase-and-balance.ts
 */
import { ApiError, createRegularsClient, unwrap } from "@regulars/sdk";

const client = createRegularsClient({
  baseUrl: process.env.REGULARS_URL ?? "http://localhost:3000",
  apiKey: process.env.REGULARS_API_KEY ?? "",
  headers: { "user-agent": "example-till/1.0" },
});

const programId = process.env.PROGRAM_ID ?? "";
const cardNumber = process.env.CARD ?? "";

try {
  // A receipt number makes the call safe to retry: the same receipt is never recorded twice
  // (the answer then says `replayed: true`). Without one, send an Idempotency-Key header.
  const recorded = await unwrap(
    client.POST("/api/v1/purchases", {
      body: {
        programId,
        cardNumber,
        amount: { amount: 12_950, currency: "PLN" }, // minor units: 129.50 PLN
        receiptNumber: `R-${new Date().toISOString().slice(0, 10)}-0042`,
        items: [
          { sku: "COF-250", name: "Coffee beans 250 g", category: "coffee", quantity: 2, unitPriceMinor: 4_500 },
          { sku: "MUG-01", name: "Mug", category: "accessories", quantity: 1, unitPriceMinor: 3_950 },
        ],
      },
    }),
  );
  console.log(`purchase ${recorded.purchase.id}: +${recorded.purchase.points} points${recorded.replayed ? " (already recorded)" : ""}`);

  const memberId = recorded.purchase.memberId;
  const balances = await unwrap(client.GET("/api/v1/members/{id}/balances", { params: { path: { id: memberId }, query: { programId } } }));
  for (const b of balances.data) console.log(`${b.programName}: ${b.available} available, ${b.pending} pending`);
} catch (e) {
  if (e instanceof ApiError) {
    // Every 4xx names the field and the problem: e.g. cardNumber / member_not_found.
    console.error(`${e.status} ${e.code}: ${e.message} (request ${e.requestId})`);
    for (const d of e.details) console.error(`  ${d.path}: ${d.code} ${d.message}`);
    process.exitCode = 1;
  } else throw e;
}
