import sanitizeHtml from "sanitize-html";

/**
 * What a page may contain: the rich-text editor's output (headings, emphasis, lists, quotes, links)
 * and images uploaded to this installation. Everything else (scripts, styles, event attributes,
 * iframes, forms) is dropped. Images only from /media/ so that a page cannot track its readers
 * through someone else's server.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "a", "ul", "ol", "li", "blockquote", "hr", "code", "img"],
  allowedAttributes: { a: ["href", "target", "rel"], img: ["src", "alt", "title", "width", "height"] },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  // An image's address is kept only when it is one of ours: /media/<id>.
  exclusiveFilter: (frame) => frame.tag === "img" && !/^\/media\/[A-Za-z0-9_]+$/.test(frame.attribs.src ?? ""),
  transformTags: {
    // A link that opens elsewhere must not hand the portal's window to the page it opens.
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, ...(attribs.target ? { target: "_blank", rel: "noopener noreferrer nofollow" } : {}) },
    }),
  },
};

export function sanitizePageHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
