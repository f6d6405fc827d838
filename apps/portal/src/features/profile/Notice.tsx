import { Paper, Text } from "@mantine/core";
import type { ReactNode } from "react";

/**
 * A message on the screen (saved, refused, requested): dark text on a pale tint of the tone, so
 * it reads at 4.5:1 whatever the tone (Mantine's light alerts colour their title with the tone).
 */
export function Notice({
  tone,
  title,
  role,
  children,
}: {
  tone: "green" | "orange" | "red";
  title?: string;
  role: "status" | "alert";
  children: ReactNode;
}) {
  return (
    <Paper
      radius="md"
      p="sm"
      role={role}
      style={{ borderLeft: `4px solid var(--mantine-color-${tone}-8)`, background: `var(--mantine-color-${tone}-0)` }}
    >
      {title && <Text fw={700}>{title}</Text>}
      <Text size="sm">{children}</Text>
    </Paper>
  );
}
