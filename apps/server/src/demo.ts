import { demoHistory, demoPerson, seededRandom } from "./demo-people.js";
import { insertMembership } from "./modules/auth/memberships.js";
import { hashPassword } from "./modules/auth/passwords.js";
import { campaignInput } from "./modules/campaigns/campaigns.schemas.js";
import { createCampaign } from "./modules/campaigns/campaigns.service.js";
import { createCompany } from "./modules/companies/companies.service.js";
import { listConsents } from "./modules/consents/consents.service.js";
import { createLocation } from "./modules/locations/locations.service.js";
import { saveCredentials } from "./modules/member-auth/credentials.js";
import { createMember } from "./modules/members/member-writes.js";
import { memberInput } from "./modules/members/members.schemas.js";
import { portalPageInput } from "./modules/portal-settings/portal-pages.schemas.js";
import { createPortalPage } from "./modules/portal-settings/portal-pages.service.js";
import { programInput } from "./modules/programs/programs.schemas.js";
import { createProgram } from "./modules/programs/programs.service.js";
import { recordPurchase } from "./modules/purchases/record-purchase.js";
import { rewardInput } from "./modules/rewards/rewards.schemas.js";
import { createReward } from "./modules/rewards/rewards.service.js";
import { ruleInput } from "./modules/rules/rules.schemas.js";
import { createRule } from "./modules/rules/rules.service.js";
import { insertStaffAccount } from "./modules/staff/staff.service.js";
import { templateInput } from "./modules/templates/templates.schemas.js";
import { createTemplate } from "./modules/templates/templates.service.js";
import { tierInput } from "./modules/tiers/tiers.schemas.js";
import { createTier } from "./modules/tiers/tiers.service.js";
import { createPool, generateCodes } from "./modules/vouchers/vouchers.service.js";
import type { Actor } from "./platform/actor.js";
import type { Db } from "./platform/db.js";
import { PERMISSIONS } from "./platform/permissions.js";
import { sql } from "./platform/sql.js";

export const DEMO_SLUG = "kawiarnia-pod-lipa";
export const DEMO_PASSWORD = "regulars-demo";
/** The demo member who can sign in to the portal (/p/kawiarnia-pod-lipa/) with DEMO_PASSWORD. */
export const DEMO_MEMBER_EMAIL = "member@demo.regulars.local";

const weekdays = (opens: string, closes: string) => (["mon", "tue", "wed", "thu", "fri"] as const).map((day) => ({ day, opens, closes }));

/** A café chain with three branches and a staff of five roles; safe to run twice. */
export async function seedDemo(db: Db): Promise<{ created: boolean; logins: { email: string; role: string }[] }> {
  const logins = [
    { email: "owner@demo.regulars.local", name: "Anna Lipowska", role: "owner" as const },
    { email: "manager@demo.regulars.local", name: "Piotr Nowak", role: "branch_manager" as const },
    { email: "cashier@demo.regulars.local", name: "Kasia Wiśniewska", role: "cashier" as const },
    { email: "analyst@demo.regulars.local", name: "Tomasz Zieliński", role: "analyst" as const },
    { email: "marketer@demo.regulars.local", name: "Joanna Mazur", role: "marketer" as const },
  ];
  const existing = await db.query(sql`select 1 from companies where slug = ${DEMO_SLUG}`);
  if (existing.length > 0) return { created: false, logins };

  const isFirstAccount = (await db.query(sql`select 1 from staff_accounts limit 1`)).length === 0;
  const [owner] = logins;
  if (!owner) throw new Error("demo owner missing");
  const ownerId = await db.transaction((tx) =>
    insertStaffAccount(tx, { email: owner.email, name: owner.name, password: DEMO_PASSWORD, isOperator: isFirstAccount }),
  );
  const company = await createCompany({
    db,
    staffId: ownerId,
    staffName: owner.name,
    ip: "127.0.0.1",
    requestId: "seed-demo",
    input: {
      name: "Kawiarnia Pod Lipą",
      slug: DEMO_SLUG,
      description: "Sieć kawiarni z własną palarnią. Kawa, ciasta i śniadania w trzech miastach.",
      currency: "PLN",
      timeZone: "Europe/Warsaw",
      language: "pl",
      dpoEmail: "iod@podlipa.example",
    },
  });
  const actor: Actor = {
    type: "staff",
    id: ownerId,
    name: owner.name,
    companyId: company.id,
    permissions: new Set(PERMISSIONS),
    locationIds: null,
    ip: "127.0.0.1",
    requestId: "seed-demo",
  };
  const branches = [
    {
      name: "Warszawa — Mokotów",
      street: "ul. Puławska 24",
      postalCode: "02-512",
      city: "Warszawa",
      lat: 52.2042,
      lng: 21.0227,
      phone: "+48 22 123 45 67",
      hours: [
        ...weekdays("07:00", "20:00"),
        { day: "sat" as const, opens: "08:00", closes: "20:00" },
        { day: "sun" as const, opens: "09:00", closes: "18:00" },
      ],
    },
    {
      name: "Kraków — Kazimierz",
      street: "ul. Szeroka 10",
      postalCode: "31-053",
      city: "Kraków",
      lat: 50.0519,
      lng: 19.9482,
      phone: "+48 12 765 43 21",
      hours: [...weekdays("08:00", "21:00"), { day: "sat" as const, opens: "09:00", closes: "22:00" }],
    },
    {
      name: "Gdańsk — Oliwa",
      street: "ul. Opacka 3",
      postalCode: "80-330",
      city: "Gdańsk",
      lat: 54.4106,
      lng: 18.5617,
      phone: null,
      hours: weekdays("08:00", "18:00"),
    },
  ];
  const locationIds: string[] = [];
  for (const b of branches) {
    const loc = await createLocation({
      db,
      actor,
      input: {
        name: b.name,
        address: { street: b.street, postalCode: b.postalCode, city: b.city, country: "PL" },
        coordinates: { latitude: b.lat, longitude: b.lng },
        phone: b.phone,
        openingHours: b.hours,
        active: true,
      },
    });
    locationIds.push(loc.id);
  }
  // The demo accounts are for trying the product: they keep the published demo password and are
  // not asked to change it (mustChangePassword stays false), unlike accounts made by create-staff.
  for (const s of logins.slice(1)) {
    await db.transaction(async (tx) => {
      const staffId = await insertStaffAccount(tx, { email: s.email, name: s.name, password: DEMO_PASSWORD });
      await insertMembership(tx, actor.companyId, staffId, {
        role: s.role,
        locationIds: s.role === "branch_manager" || s.role === "cashier" ? [locationIds[0] as string] : [],
      });
    });
  }
  const programId = await seedLoyalty(db, actor, locationIds);
  await seedMessages(db, actor, programId);
  await seedPortal(db, actor);
  return { created: true, logins };
}

/** A program with tiers, rules and rewards, and forty members with a few months of purchases. */
async function seedLoyalty(db: Db, actor: Actor, locationIds: string[]): Promise<string> {
  const program = await createProgram({
    db,
    actor,
    input: programInput.parse({
      name: "Klub Pod Lipą",
      slogan: "Co dziesiąta kawa na nasz koszt",
      description: "Zbieraj punkty za każdą wizytę i wymieniaj je na kawę, ciasto i śniadania.",
      status: "active",
      primaryColor: "#2f9e44",
      budgetBp: 300,
      converterPoints: 1,
      converterAmountMinor: 100,
      welcomePoints: 50,
      pendingDays: 0,
      expiryPolicy: "end_of_year",
      tierBasis: "points",
      tierPeriod: "calendar_year",
    }),
  });
  await createTier({
    db,
    actor,
    programId: program.id,
    input: tierInput.parse({ name: "Srebrny", threshold: 500, discountBp: 300, color: "#868e96" }),
  });
  await createTier({
    db,
    actor,
    programId: program.id,
    input: tierInput.parse({ name: "Złoty", threshold: 1500, discountBp: 1000, multiplierBp: 15_000, color: "#f59f00" }),
  });
  await createRule({
    db,
    actor,
    programId: program.id,
    input: ruleInput.parse({
      name: "Podwójne punkty za ziarno",
      description: "Każda paczka kawy ziarnistej liczy się podwójnie.",
      icon: "coffee",
      kind: "multiplier",
      multiplierBp: 20_000,
      categories: ["Kawa ziarnista"],
    }),
  });
  await createRule({
    db,
    actor,
    programId: program.id,
    input: ruleInput.parse({
      name: "Urodziny",
      description: "Prezent od nas w Twoje urodziny.",
      icon: "cake",
      kind: "event",
      eventType: "birthday",
      bonusPoints: 100,
    }),
  });
  await createRule({
    db,
    actor,
    programId: program.id,
    input: ruleInput.parse({
      name: "Zapis do newslettera",
      icon: "megaphone",
      kind: "event",
      eventType: "newsletter_confirmed",
      bonusPoints: 20,
    }),
  });

  await createReward({
    db,
    actor,
    input: rewardInput.parse({
      programId: program.id,
      namePl: "Kawa dowolna",
      nameEn: "Any coffee",
      descriptionPl: "Dowolna kawa z karty, w każdym rozmiarze.",
      descriptionEn: "Any coffee from the menu, any size.",
      category: "Napoje",
      kind: "free_product",
      productSku: "KAWA-DOWOLNA",
      pointsPrice: 150,
      sortOrder: 1,
    }),
  });
  await createReward({
    db,
    actor,
    input: rewardInput.parse({
      programId: program.id,
      namePl: "Kubek Pod Lipą",
      nameEn: "Pod Lipą mug",
      category: "Gadżety",
      kind: "physical",
      pointsPrice: 600,
      stockMode: "global",
      initialStock: 25,
      lowStockThreshold: 5,
      sortOrder: 2,
    }),
  });
  const pool = await createPool({ db, actor, name: "Kody -20% na ziarno", lowThreshold: 10, now: new Date() });
  await generateCodes({ db, actor, poolId: pool.id, count: 50, prefix: "LIPA", length: 8, expiresAt: null, now: new Date() });
  await createReward({
    db,
    actor,
    input: rewardInput.parse({
      programId: program.id,
      namePl: "-20% na ziarno w sklepie online",
      nameEn: "20% off beans in the online shop",
      category: "Kupony",
      kind: "voucher",
      voucherPoolId: pool.id,
      pointsPrice: 400,
      limitPerMember: 2,
      sortOrder: 3,
    }),
  });

  // A fixed-seed generator keeps the demo the same on every machine.
  const random = seededRandom(20_261_122);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)] as T;
  const newsletter = (await listConsents({ db, companyId: actor.companyId, active: true })).find(
    (c) => c.purpose === "newsletter" && c.channel === "email",
  );
  const now = Date.now();
  for (let i = 0; i < 40; i++) {
    const person = demoPerson(random);
    const { registeredAt, visits } = demoHistory(now, random);
    // About three in five signed up for the newsletter (granted now, against the consent's current text).
    const consents = newsletter && random() < 0.6 ? [{ consentId: newsletter.id, granted: true }] : [];
    const member = await createMember({
      db,
      actor,
      registeredAt,
      input: memberInput.parse({
        firstName: person.firstName,
        lastName: person.lastName,
        gender: person.gender,
        email: (i === 0 ? DEMO_MEMBER_EMAIL : `${person.firstName}.${person.lastName}.${i}@example.com`)
          .toLowerCase()
          .replace(/ł/g, "l")
          .normalize("NFD")
          .replace(/[\u0300-\u036f]/g, ""),
        phone: `+48 600 ${String(100 + i).padStart(3, "0")} ${String(200 + i * 7).slice(-3)}`,
        birthday: `19${70 + Math.floor(random() * 30)}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`,
        tags: random() < 0.3 ? ["student"] : [],
        joinLocationId: pick(locationIds),
        consents,
        skipRequiredFields: true,
      }),
    });
    // In time order, each as of its own moment: the first enrolls the member (welcome points) then.
    for (const [v, occurredAt] of visits.entries()) {
      const coffee = 1_200 + Math.floor(random() * 8) * 100;
      const beans = random() < 0.25 ? 4_900 : 0;
      await recordPurchase({
        db,
        actor,
        now: occurredAt,
        input: {
          programId: program.id,
          memberId: member.id,
          receiptNumber: `DEMO-${i}-${v}`,
          amount: { amount: coffee + beans, currency: "PLN" },
          items: [
            { sku: "LATTE", name: "Latte", category: "Kawa", quantity: 1, unitPriceMinor: coffee },
            ...(beans ? [{ sku: "ZIARNO-250", name: "Ziarno 250 g", category: "Kawa ziarnista", quantity: 1, unitPriceMinor: beans }] : []),
          ],
          locationId: pick(locationIds),
          occurredAt,
        },
      });
    }
  }
  return program.id;
}

const REFER_A_FRIEND = `<p>Cześć {first_name}!</p>
<p>Masz już <strong>{points} pkt</strong> w programie {program_name}. Polecasz nas znajomym? Wyślij im swój link:</p>
<p><a href="{member_ref_link}">{member_ref_link}</a></p>
<p>Za każdą osobę, która dołączy, dostaniesz punkty na kolejną kawę.</p>`;

/**
 * Two templates and a draft campaign, so the Messages screens have something to show. The outbox is
 * left unconfigured (the company's own SMTP account goes there) and automatic notifications stay
 * off: switched on here, they would announce four months of demo purchases at the first start.
 */
async function seedMessages(db: Db, actor: Actor, programId: string): Promise<void> {
  await createTemplate({
    db,
    actor,
    input: templateInput.parse({
      name: "Poleć znajomemu",
      channel: "email",
      subject: "{first_name}, podziel się kawą",
      html: REFER_A_FRIEND,
    }),
  });
  await createTemplate({
    db,
    actor,
    input: templateInput.parse({
      name: "Weekendowa promocja (SMS)",
      channel: "sms",
      text: "Pod Lipa: w weekend podwojne punkty za kazda kawe! Masz {points} pkt. Do zobaczenia!",
    }),
  });
  await createCampaign({
    db,
    actor,
    input: campaignInput.parse({
      name: "Poleć znajomemu — grudzień",
      channel: "email",
      subject: "{first_name}, podziel się kawą",
      html: REFER_A_FRIEND,
      audience: { programId },
    }),
  });
}

const HOW_IT_WORKS = `<h2>Jak to działa</h2>
<p>Cześć {first_name}! Za każdą złotówkę wydaną w naszych kawiarniach dostajesz punkty, a za punkty odbierasz kawę, ciasto albo ziarno z naszej palarni.</p>
<ul><li>Pokaż kartę z aplikacji przy kasie.</li><li>Nagrody wybierasz w zakładce „Nagrody”; kod pokazujesz baristce.</li><li>W weekend punkty za kawę liczą się podwójnie.</li></ul>
<p>Polecaj nas znajomym swoim linkiem: <a href="{member_ref_link}">{member_ref_link}</a></p>`;

/** A portal page and one member who can sign in to the portal, so the member's side can be tried at once. */
async function seedPortal(db: Db, actor: Actor): Promise<void> {
  await createPortalPage({ db, actor, input: portalPageInput.parse({ title: "Jak to działa", bodyHtml: HOW_IT_WORKS }) });
  const [member] = await db.query<{ id: string }>(
    sql`select id from members where company_id = ${actor.companyId} and email = ${DEMO_MEMBER_EMAIL}`,
  );
  if (!member) throw new Error("demo portal member missing");
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction((tx) =>
    saveCredentials(tx, { companyId: actor.companyId, memberId: member.id, passwordHash, emailVerified: true, now: new Date() }),
  );
}
