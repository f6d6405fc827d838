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
