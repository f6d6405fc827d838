import type { RichTextEditorLabels } from "@mantine/tiptap";
import type { TFunction } from "i18next";

// What the admin's rich-text editors share (message bodies, portal pages).

/** tiptap's empty document, which the API should see as no body at all. */
const EMPTY_DOCS = new Set(["<p></p>", "<p><br></p>"]);
export const normalizeEditorHtml = (html: string) => (EMPTY_DOCS.has(html.trim()) ? "" : html);

/** The toolbar's and link editor's labels in the admin's language (an editor uses those of its controls). */
export function editorLabels(t: TFunction): Partial<RichTextEditorLabels> {
  return {
    boldControlLabel: t("messaging.editor.bold"),
    italicControlLabel: t("messaging.editor.italic"),
    underlineControlLabel: t("messaging.editor.underline"),
    strikeControlLabel: t("messaging.editor.strike"),
    clearFormattingControlLabel: t("messaging.editor.clearFormatting"),
    h2ControlLabel: t("messaging.editor.h2"),
    h3ControlLabel: t("messaging.editor.h3"),
    bulletListControlLabel: t("messaging.editor.bulletList"),
    orderedListControlLabel: t("messaging.editor.orderedList"),
    blockquoteControlLabel: t("messaging.editor.blockquote"),
    hrControlLabel: t("messaging.editor.hr"),
    linkControlLabel: t("messaging.editor.link"),
    unlinkControlLabel: t("messaging.editor.unlink"),
    undoControlLabel: t("messaging.editor.undo"),
    redoControlLabel: t("messaging.editor.redo"),
    sourceCodeControlLabel: t("messaging.editor.sourceCode"),
    linkEditorInputLabel: t("messaging.editor.linkUrl"),
    linkEditorInputPlaceholder: t("messaging.editor.linkPlaceholder"),
    linkEditorExternalLink: t("messaging.editor.linkExternal"),
    linkEditorInternalLink: t("messaging.editor.linkInternal"),
    linkEditorSave: t("common.save"),
  };
}
