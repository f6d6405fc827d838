import { randomBytes } from "node:crypto";
import { ulid } from "ulid";

/** Type-prefixed, time-sortable public ids (loc_01j…): readable in logs, sortable for cursors. */
export type IdPrefix =
  | "cmp"
  | "stf"
  | "loc"
  | "key"
  | "aud"
  | "evt"
  | "med"
  | "req"
  | "ses"
  | "mbr"
  | "cfd"
  | "cns"
  | "cnl"
  | "prg"
  | "tir"
  | "rul"
  | "led"
  | "pur"
  | "ret"
  | "tch"
  | "rwd"
  | "stm"
  | "vpl"
  | "rdm"
  | "msg"
  | "cmpg"
  | "tpl";

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid().toLowerCase()}`;
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}
