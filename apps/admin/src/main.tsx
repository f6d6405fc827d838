import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "@mantine/dates/styles.css";
import "@mantine/tiptap/styles.css";
import "./app.css";
import "./i18n";
import { MantineProvider } from "@mantine/core";
import { ModalsProvider } from "@mantine/modals";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { App } from "./App";
import { ApiError } from "./api/client";
import { LocalizedDates } from "./components/LocalizedDates";
import { cssVariablesResolver, theme } from "./theme";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

// <html data-busy> counts the queries fetching and the mutations running, and data-busy-keys
// names those queries: browser tests wait for the screen's own data instead of for a quiet
// network (which a slow font or a poll can keep from settling), and say what never arrived.
function markBusy(): void {
  const fetching = queryClient.getQueryCache().findAll({ fetchStatus: "fetching" });
  document.documentElement.dataset.busy = String(fetching.length + queryClient.isMutating());
  document.documentElement.dataset.busyKeys = fetching.map((q) => JSON.stringify(q.queryKey)).join(" ");
}
queryClient.getQueryCache().subscribe(markBusy);
queryClient.getMutationCache().subscribe(markBusy);
markBusy();

const root = document.getElementById("root");
if (!root) throw new Error("#root missing");
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <LocalizedDates>
          <ModalsProvider>
            {/* Bottom left: not over the top bar, the page's actions (top right), a drawer's buttons
                (bottom right) or a form's save bar; one at a time (components/feedback.ts). */}
            <Notifications position="bottom-left" containerWidth={380} />
            <BrowserRouter basename="/admin">
              <App />
            </BrowserRouter>
          </ModalsProvider>
        </LocalizedDates>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
