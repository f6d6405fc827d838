import { Box, Center, Group, Paper, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconStarFilled } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { LanguageSwitcher } from "../../components/LanguageSwitcher";

/** The frame of the screens shown before sign-in (setup, login). */
export function AuthLayout({
  title,
  subtitle,
  width = 440,
  children,
}: {
  title: string;
  subtitle?: string;
  width?: number;
  children: ReactNode;
}) {
  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-0)">
      <Group justify="space-between" p="md">
        <Group gap={8}>
          <ThemeIcon size="lg" radius="md">
            <IconStarFilled size={18} />
          </ThemeIcon>
          <Text fw={700} size="lg">
            Regulars
          </Text>
        </Group>
        <LanguageSwitcher />
      </Group>
      <Center px="md" pb="xl">
        <Paper withBorder shadow="sm" p={{ base: "md", sm: "xl" }} radius="lg" w="100%" maw={width} component="main">
          <Stack gap={4} mb="lg">
            <Title order={1} size="h2">
              {title}
            </Title>
            {subtitle && (
              <Text c="dimmed" size="sm">
                {subtitle}
              </Text>
            )}
          </Stack>
          {children}
        </Paper>
      </Center>
    </Box>
  );
}
