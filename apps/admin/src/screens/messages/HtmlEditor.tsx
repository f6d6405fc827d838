import { Input } from "@mantine/core";
import { useId } from "@mantine/hooks";
import { Link, RichTextEditor, type RichTextEditorLabels } from "@mantine/tiptap";
import { type Editor, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import type { TFunction } from "i18next";
import { type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/** tiptap's empty document, which the API should see as no body at all. */
const EMPTY_DOCS = new Set(["<p></p>", "<p><br></p>"]);
const normalize = (html: string) => (EMPTY_DOCS.has(html.trim()) ? "" : html);

function editorLabels(t: TFunction): Partial<RichTextEditorLabels> {
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

/**
 * A simple HTML editor (Mantine's tiptap RichTextEditor) that behaves like a form input:
 * `value`/`onChange` hold HTML, with a label and the API's error in place. `onEditor` hands the
 * tiptap editor to the parent, which inserts personal fields at the cursor.
 */
export function HtmlEditor({
  label,
  description,
  value,
  onChange,
  error,
  required,
  disabled,
  onEditor,
  onFocus,
  minHeight = 200,
}: {
  label: string;
  description?: ReactNode;
  value: string;
  onChange: (html: string) => void;
  error?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  onEditor?: (editor: Editor | null) => void;
  onFocus?: () => void;
  minHeight?: number;
}) {
  const { t } = useTranslation();
  const id = useId();
  const extensions = useMemo(
    () => [
      StarterKit.configure({ link: false }),
      // A link may point at a personal field, e.g. href="{member_ref_link}".
      Link.configure({ openOnClick: false, isAllowedUri: (url, ctx) => /^\{[a-z_]+\}$/.test(url) || ctx.defaultValidate(url) }),
    ],
    [],
  );
  // The editor is created once; its callbacks read the latest props through refs.
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const onFocusRef = useRef(onFocus);
  onFocusRef.current = onFocus;
  const [initialContent] = useState(value);
  // The editable area is the input: it carries the label, the error state and the error text.
  const editorProps = useMemo(
    () => ({
      attributes: {
        id: `${id}-content`,
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": label,
        "aria-invalid": error ? "true" : "false",
        ...(error ? { "aria-describedby": `${id}-error` } : {}),
      },
    }),
    [id, label, error],
  );
  const editor = useEditor({
    extensions,
    content: initialContent,
    editorProps,
    editable: !disabled,
    shouldRerenderOnTransaction: false,
    onUpdate: ({ editor: e }) => onChangeRef.current(normalize(e.getHTML())),
    onFocus: () => onFocusRef.current?.(),
  });

  // Values set from outside (a template copied in, a form reset) replace the document.
  useEffect(() => {
    if (!editor) return;
    if (normalize(editor.getHTML()) !== value) editor.commands.setContent(value || "", { emitUpdate: false });
  }, [editor, value]);

  useEffect(() => {
    editor?.setEditable(!disabled);
  }, [editor, disabled]);

  useEffect(() => {
    onEditor?.(editor);
    return () => onEditor?.(null);
  }, [editor, onEditor]);

  return (
    <Input.Wrapper
      size="md"
      id={id}
      label={label}
      description={description}
      error={error}
      withAsterisk={required}
      // A contenteditable is not labelable: clicking the label focuses the editor instead.
      labelProps={{ htmlFor: `${id}-content`, onClick: () => editor?.commands.focus() }}
    >
      <RichTextEditor
        editor={editor}
        labels={editorLabels(t)}
        mt={4}
        style={error ? { borderColor: "var(--mantine-color-error)" } : undefined}
      >
        <RichTextEditor.Toolbar>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Bold />
            <RichTextEditor.Italic />
            <RichTextEditor.Underline />
            <RichTextEditor.ClearFormatting />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.H2 />
            <RichTextEditor.H3 />
            <RichTextEditor.BulletList />
            <RichTextEditor.OrderedList />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Link />
            <RichTextEditor.Unlink />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Undo />
            <RichTextEditor.Redo />
            <RichTextEditor.SourceCode />
          </RichTextEditor.ControlsGroup>
        </RichTextEditor.Toolbar>
        <RichTextEditor.Content style={{ minHeight }} />
      </RichTextEditor>
    </Input.Wrapper>
  );
}
