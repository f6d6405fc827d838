import type { CSSProperties } from "react";

/** A <ul> that is a list to assistive technology but shows no bullets or indent. */
export const plainList: CSSProperties = { listStyle: "none", padding: 0, margin: 0 };
