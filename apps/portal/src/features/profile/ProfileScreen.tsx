import { Stack, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ErrorState } from "../../shell/ErrorState";
import { ScreenLoader } from "../../shell/Layout";
import { ConsentsSection } from "./ConsentsSection";
import { PrivacySection } from "./PrivacySection";
import { ProfileForm } from "./ProfileForm";
import { fetchProfile, profileKey } from "./profile-api";

/** My data, my consents, and my data protection rights (download, deletion). */
export function ProfileScreen() {
  const { t } = useTranslation();
  const profile = useQuery({ queryKey: profileKey, queryFn: fetchProfile });
  if (profile.isPending) return <ScreenLoader />;
  if (profile.isError) return <ErrorState onRetry={() => void profile.refetch()} />;
  return (
    <Stack gap="xl">
      <Title order={1} size="h2">
        {t("profile.title")}
      </Title>
      <ProfileForm profile={profile.data} />
      <ConsentsSection />
      <PrivacySection profile={profile.data} />
    </Stack>
  );
}
