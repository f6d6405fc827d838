/**
 * The same folding as the generated column members.search_name (migration 20261122130000):
 * lower case, Polish / German / Czech letters to ASCII, so "Lukasz" finds "Łukasz".
 */
export const SEARCH_FOLD_FROM = "ĄĆĘŁŃÓŚŹŻąćęłńóśźżÄÖÜäöüßÁÉÍÚÝáéíúýČĎĚŇŘŠŤŮŽčďěňřšťůž";
export const SEARCH_FOLD_TO = "acelnoszzacelnoszzaouaousaeiuyaeiuycdenrstuzcdenrstuz";

const FOLD = new Map([...SEARCH_FOLD_FROM].map((ch, i) => [ch, SEARCH_FOLD_TO[i] as string]));

export function foldForSearch(s: string): string {
  let out = "";
  for (const ch of s.toLowerCase()) out += FOLD.get(ch) ?? ch;
  return out.replace(/\s+/g, " ").trim();
}

/** Escapes LIKE wildcards (the default escape character is a backslash). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The least string after every string that starts with prefix, in code point order (the order
 * of text_pattern_ops: bytes of UTF-8), so `>= prefix and < end` is the prefix as an index range
 * a generic plan can use; null when the last code point has no successor.
 */
export function prefixEnd(prefix: string): string | null {
  const points = Array.from(prefix);
  const last = points.pop()?.codePointAt(0);
  if (last === undefined || last >= 0x10ffff) return null;
  // UTF-16 surrogates are not characters: after U+D7FF comes U+E000.
  return points.join("") + String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1);
}
