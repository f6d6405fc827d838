import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  describeBrowser,
  en,
  field,
  type Harness,
  PASSWORD,
  pl,
  type SeededCompany,
  type Strings,
  seedCompany,
  settled,
  shoot,
  signIn,
  startHarness,
  TABLET_LANDSCAPE,
} from "./harness";
import { seedMember } from "./loyalty-setup";

/** Opens the member's card, erases the member through the dialog (typing the card number) and photographs both. */
async function eraseFromCard(page: Page, s: Strings, lang: string, member: { id: string; cardNumber: string; lastName: string }) {
  await page.goto(`/admin/members/${member.id}`);
  await page.getByRole("heading", { name: `Ewa ${member.lastName}`, level: 1 }).waitFor();
  await settled(page, `card ${lang}`);
  await page.getByRole("button", { name: s.members.privacy.erase }).click();
  const dialog = page.getByRole("dialog", { name: s.members.privacy.eraseTitle });
  await dialog.getByText(s.members.privacy.irreversible).waitFor();
  await dialog.getByText(s.members.privacy.stays).waitFor();
  const confirm = dialog.getByRole("button", { name: s.members.privacy.eraseConfirm });
  expect(await confirm.isDisabled()).toBe(true);
  await field(dialog, s.members.privacy.typeCard.replace("{{card}}", member.cardNumber)).fill(member.cardNumber);
  await shoot(page, `member-erase-dialog-${lang}-tablet`);
  await confirm.click();
  await page.getByRole("heading", { name: s.members.privacy.erasedAlert, level: 1 }).waitFor();
  await settled(page, `erased card ${lang}`);
  await expect(page.getByText(`Ewa ${member.lastName}`).count()).resolves.toBe(0);
  await shoot(page, `member-erased-${lang}-tablet`);
}

describeBrowser("member privacy", () => {
  let h: Harness;
  let company: SeededCompany;
  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("exports a member's data as a file from the card and erases the member after the confirmation, in pl and en", async () => {
    const page = await h.newPage(TABLET_LANDSCAPE);
    await signIn(page, company.ownerEmail, PASSWORD);
    const ewa = await seedMember(page, { firstName: "Ewa", lastName: "Prywatna", email: "ewa.prywatna@example.com", phone: "600300400" });

    await page.goto(`/admin/members/${ewa.id}`);
    await page.getByRole("heading", { name: "Ewa Prywatna", level: 1 }).waitFor();
    await settled(page, "card");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: pl.members.privacy.export }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^member-${ewa.cardNumber}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
    const exported = JSON.parse(readFileSync((await download.path()) as string, "utf8"));
    expect(exported.member).toMatchObject({ id: ewa.id, lastName: "Prywatna", email: "ewa.prywatna@example.com" });
    await shoot(page, "member-card-privacy-pl-tablet");

    await eraseFromCard(page, pl, "pl", ewa);

    const ewa2 = await seedMember(page, { firstName: "Ewa", lastName: "Anglesey", email: "ewa.anglesey@example.com" });
    await page.getByText("EN", { exact: true }).click();
    await page.getByRole("navigation", { name: en.shell.navigation }).waitFor();
    await eraseFromCard(page, en, "en", ewa2);
  }, 180_000);
});
