// The API's types, generated once for every client in packages/sdk (npm run gen:sdk).
export type { components, paths } from "@regulars/sdk/schema";
