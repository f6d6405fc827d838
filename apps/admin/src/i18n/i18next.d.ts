import "i18next";
import type { pl } from "./resources";

// Typed translation keys: t("a.missing.key") is a type error. Polish is the reference language;
// the pl/en parity test keeps English in step.
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof pl };
    returnNull: false;
  }
}
