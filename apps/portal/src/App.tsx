import { MantineProvider } from "@mantine/core";
import { useMemo } from "react";
import { BrowserRouter, useRoutes } from "react-router";
import { base } from "./api/client";
import { usePortalConfig } from "./api/config";
import { featureRoutes } from "./routes";
import { Layout } from "./shell/Layout";
import { NotFound } from "./shell/NotFound";
import { cssVariablesResolver, portalTheme } from "./shell/theme";

// "/p/<slug>/" -> "/p/<slug>"; on an own domain "/".
const basename = base.length > 1 ? base.replace(/\/$/, "") : "/";

const tree = [{ element: <Layout />, children: [...featureRoutes, { path: "*", element: <NotFound /> }] }];

function Screens() {
  return useRoutes(tree);
}

/** The accent colour the server put into <meta name="theme-color">: no flash of the default colour. */
function initialAccent(): string | null {
  return document.querySelector('meta[name="theme-color"]')?.getAttribute("content") ?? null;
}

export function App() {
  const config = usePortalConfig();
  const accent = config.data?.layout?.accentColor ?? initialAccent();
  const theme = useMemo(() => portalTheme(accent), [accent]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <BrowserRouter basename={basename}>
        <Screens />
      </BrowserRouter>
    </MantineProvider>
  );
}
