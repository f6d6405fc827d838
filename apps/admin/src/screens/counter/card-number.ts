/** A card number as typed or scanned, compared without spaces and dashes. */
export const compactCard = (s: string) => s.replace(/[\s-]+/g, "").toUpperCase();
