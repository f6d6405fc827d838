import { Card, Text } from "@mantine/core";
import { formatNumber } from "../format";

/** A labelled number (audience counts, results): a number formatted for the language, a text as is, "—" when unknown. */
export function Stat({
  label,
  value,
  color,
  testId,
}: {
  label: string;
  value: number | string | undefined;
  color?: string;
  testId: string;
}) {
  return (
    <div>
      <Text size="xs" c="gray.7" fw={700} tt="uppercase">
        {label}
      </Text>
      <Text fw={800} fz={26} c={color} data-testid={testId}>
        {value === undefined ? "—" : typeof value === "number" ? formatNumber(value) : value}
      </Text>
    </div>
  );
}

/** A figure in a card of its own (the start page, reports), with an optional line under it. */
export function FigureCard({
  label,
  value,
  hint,
  testId,
  size = 28,
}: {
  label: string;
  value: string;
  hint?: string;
  testId: string;
  size?: number;
}) {
  return (
    <Card withBorder radius="lg" p="md">
      <Text size="sm" fw={700} c="gray.7">
        {label}
      </Text>
      <Text fz={size} fw={800} lh={1.2} data-testid={testId}>
        {value}
      </Text>
      {hint && (
        <Text size="sm" c="gray.7">
          {hint}
        </Text>
      )}
    </Card>
  );
}
