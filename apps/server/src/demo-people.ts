// The demo's members: Polish first names and surnames that agree in gender ("Anna Kowalska",
// "Jan Kowalski"), and a fixed-seed generator so the demo is the same on every machine.

export const FEMALE_FIRST_NAMES = ["Anna", "Katarzyna", "Magdalena", "Agnieszka", "Zofia", "Małgorzata", "Joanna", "Ewa"] as const;
export const MALE_FIRST_NAMES = ["Piotr", "Tomasz", "Łukasz", "Michał", "Jakub", "Paweł", "Krzysztof", "Marcin"] as const;

/** Each surname in its male and female form (the same for surnames such as Nowak). */
export const SURNAMES: readonly { male: string; female: string }[] = [
  { male: "Nowak", female: "Nowak" },
  { male: "Kowalski", female: "Kowalska" },
  { male: "Wiśniewski", female: "Wiśniewska" },
  { male: "Wójcik", female: "Wójcik" },
  { male: "Kamiński", female: "Kamińska" },
  { male: "Lewandowski", female: "Lewandowska" },
  { male: "Zieliński", female: "Zielińska" },
  { male: "Szymański", female: "Szymańska" },
  { male: "Woźniak", female: "Woźniak" },
  { male: "Dąbrowski", female: "Dąbrowska" },
  { male: "Kozłowski", female: "Kozłowska" },
  { male: "Jankowski", female: "Jankowska" },
];

export function seededRandom(start: number): () => number {
  let seed = start;
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
}

export interface DemoPerson {
  firstName: string;
  lastName: string;
  gender: "female" | "male";
}

export function demoPerson(random: () => number): DemoPerson {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const female = random() < 0.55;
  const surname = pick(SURNAMES);
  return female
    ? { firstName: pick(FEMALE_FIRST_NAMES), lastName: surname.female, gender: "female" }
    : { firstName: pick(MALE_FIRST_NAMES), lastName: surname.male, gender: "male" };
}

const DAY = 86_400_000;
/** The demo's history: members registered over the last four months. */
export const HISTORY_DAYS = 120;

/** A moment `daysAgo` days before `now`, at a time when the cafés are open (about 08:00–18:00 in Poland). */
function openHours(now: number, daysAgo: number, random: () => number): number {
  const day = new Date(now - daysAgo * DAY);
  day.setUTCHours(6 + Math.floor(random() * 10), Math.floor(random() * 60), 0, 0);
  return day.getTime();
}

/**
 * A member's registration and visits, in time order: registered on a day of the last four months,
 * most at their first visit (the counter enrolls them), the rest a few days before it; then visits
 * until yesterday, more for members who joined earlier. None is in the future.
 */
export function demoHistory(now: number, random: () => number): { registeredAt: Date; visits: Date[] } {
  const daysAgo = 1 + Math.floor(random() * HISTORY_DAYS);
  const registeredAt = Math.min(openHours(now, daysAgo, random), now - DAY);
  const count = Math.floor(random() * (1 + (11 * daysAgo) / HISTORY_DAYS));
  const visits: number[] = [];
  for (let v = 0; v < count; v++) {
    if (v === 0 && random() < 0.7) visits.push(registeredAt + 5 * 60_000);
    else visits.push(Math.min(openHours(now, Math.floor(random() * daysAgo), random), now - 3_600_000));
  }
  return {
    registeredAt: new Date(registeredAt),
    visits: visits
      .filter((t) => t > registeredAt)
      .sort((a, b) => a - b)
      .map((t) => new Date(t)),
  };
}
