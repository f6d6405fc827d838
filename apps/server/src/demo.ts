import { createCompany } from "./modules/companies/companies.service.js";
import { createLocation } from "./modules/locations/locations.service.js";
import { addStaffMember, insertStaffAccount } from "./modules/staff/staff.service.js";
import type { Actor } from "./platform/actor.js";
import type { Db } from "./platform/db.js";
import { PERMISSIONS } from "./platform/permissions.js";

export const DEMO_SLUG = "kawiarnia-pod-lipa";
export const DEMO_PASSWORD = "regulars-demo";

const weekdays = (opens: string, closes: string) => (["mon", "tue", "wed", "thu", "fri"] as const).map((day) => ({ day, opens, closes }));

/** A café chain with three branches and a staff of four roles; safe to run twice. */
export async function seedDemo(db: Db): Promise<{ created: boolean; logins: { email: string; role: string }[] }> {
  const logins = [
    { email: "owner@demo.regulars.local", name: "Anna Lipowska", role: "owner" as const },
    { email: "manager@demo.regulars.local", name: "Piotr Nowak", role: "branch_manager" as const },
    { email: "cashier@demo.regulars.local", name: "Kasia Wiśniewska", role: "cashier" as const },
    { email: "analyst@demo.regulars.local", name: "Tomasz Zieliński", role: "analyst" as const },
  ];
  const existing = await db.query("select 1 from companies where slug = $1", [DEMO_SLUG]);
  if (existing.length > 0) return { created: false, logins };

  const isFirstAccount = (await db.query("select 1 from staff_accounts limit 1")).length === 0;
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
  for (const s of logins.slice(1)) {
    await addStaffMember({
      db,
      actor,
      input: {
        email: s.email,
        name: s.name,
        password: DEMO_PASSWORD,
        role: s.role,
        permissions: null,
        locationIds: s.role === "owner" || s.role === "analyst" ? [] : [locationIds[0] as string],
      },
    });
  }
  return { created: true, logins };
}
