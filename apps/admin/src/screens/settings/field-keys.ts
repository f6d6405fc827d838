/** A snake_case API key suggested from a label ("Ulubiona kawa" -> "ulubiona_kawa"). */
export function keyFromLabel(label: string): string {
  const folded = label
    .toLowerCase()
    .replace(/ł/g, "l")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .replace(/^[^a-z]+/, "");
  return folded.slice(0, 50);
}
