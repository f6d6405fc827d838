import type { components } from "../../api/schema";

/** A member as the list answers it: with the points and tier in one program. */
export type ListedMember = components["schemas"]["MemberListItem"];
