/**
 * Which company's portal this page is: the server injects
 * `<meta name="regulars-portal" content='{"slug":"…","base":"/p/<slug>/"}'>` into index.html
 * (base "/" on the company's own domain). Without it (a dev server, a stale cached page) the slug
 * is read from the address.
 */
export interface PortalMeta {
  slug: string;
  /** The portal's root path, ending with "/": "/p/<slug>/" or "/" on an own domain. */
  base: string;
}

export function parsePortalMeta(content: string | null | undefined, pathname: string): PortalMeta {
  if (content) {
    try {
      const parsed = JSON.parse(content) as Partial<PortalMeta>;
      if (typeof parsed.slug === "string" && parsed.slug && typeof parsed.base === "string" && parsed.base.endsWith("/")) {
        return { slug: parsed.slug, base: parsed.base };
      }
    } catch {
      // fall through to the address
    }
  }
  const match = /^\/p\/([^/]+)\//.exec(pathname.endsWith("/") ? pathname : `${pathname}/`);
  const slug = match?.[1] ? decodeURIComponent(match[1]) : "";
  return { slug, base: slug ? `/p/${encodeURIComponent(slug)}/` : "/" };
}

export function readPortalMeta(): PortalMeta {
  if (typeof document === "undefined") return { slug: "", base: "/" };
  const content = document.querySelector('meta[name="regulars-portal"]')?.getAttribute("content");
  return parsePortalMeta(content, window.location.pathname);
}
