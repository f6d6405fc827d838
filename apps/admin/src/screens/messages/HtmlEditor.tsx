import { Input } from "@mantine/core";
import { useId } from "@mantine/hooks";
import { Link, RichTextEditor } from "@mantine/tiptap";
import { type Editor, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { editorLabels, normalizeEditorHtml } from "../../components/rich-text";

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
    onUpdate: ({ editor: e }) => onChangeRef.current(normalizeEditorHtml(e.getHTML())),
    onFocus: () => onFocusRef.current?.(),
  });

  // Values set from outside (a template copied in, a form reset) replace the document.
  useEffect(() => {
    if (!editor) return;
    if (normalizeEditorHtml(editor.getHTML()) !== value) editor.commands.setContent(value || "", { emitUpdate: false });
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
