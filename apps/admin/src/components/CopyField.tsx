import { Button, Code, CopyButton, Group, Stack, Text } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/**
 * A value to copy into another system (the snippet, the public key, the secret): shown whole in
 * monospace, wrapped anywhere, with its copy button. `copyLabel` names what is copied for screen readers.
 * A value not shown yet (`copyable` false) has no copy button; `actions` are more buttons beside it.
 */
export function CopyField({
  label,
  value,
  copyLabel,
  block = false,
  testId,
  copyable = true,
  actions,
}: {
  label: string;
  value: string;
  copyLabel: string;
  block?: boolean;
  testId?: string;
  copyable?: boolean;
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Code
        block={block}
        data-testid={testId}
        style={{ wordBreak: "break-all", whiteSpace: "pre-wrap", fontSize: 13, padding: block ? undefined : "6px 8px" }}
      >
        {value}
      </Code>
      <Group gap="xs">
        {copyable && (
          <CopyButton value={value}>
            {({ copied, copy }) => (
              <Button
                size="xs"
                variant="light"
                color={copied ? "teal" : undefined}
                leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                onClick={copy}
              >
                {copied ? t("common.copied") : copyLabel}
              </Button>
            )}
          </CopyButton>
        )}
        {actions}
      </Group>
    </Stack>
  );
}
