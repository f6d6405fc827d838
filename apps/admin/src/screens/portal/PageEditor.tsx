import { FileButton, Input } from "@mantine/core";
import { useId } from "@mantine/hooks";
import { Link, RichTextEditor } from "@mantine/tiptap";
import { IconPhoto } from "@tabler/icons-react";
import Image from "@tiptap/extension-image";
import { useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { uploadMedia } from "../../api/client";
import { notifyError } from "../../components/feedback";
import { editorLabels, normalizeEditorHtml } from "../../components/rich-text";

/**
 * A page's body: Mantine's tiptap editor with images (uploaded to the media store, inserted as
 * <img src="/media/…">, the only images the server keeps) and links that may be personal fields.
 */
export function PageEditor({
  label,
  description,
  value,
  onChange,
  error,
}: {
  label: string;
  description?: ReactNode;
  value: string;
  onChange: (html: string) => void;
  error?: ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [uploading, setUploading] = useState(false);
  const extensions = useMemo(
    () => [
      StarterKit.configure({ link: false }),
      Link.configure({ openOnClick: false, isAllowedUri: (url, ctx) => /^\{[a-z_]+\}$/.test(url) || ctx.defaultValidate(url) }),
      Image,
    ],
    [],
  );
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const [initialContent] = useState(value);
  const editor = useEditor({
    extensions,
    content: initialContent,
    shouldRerenderOnTransaction: false,
    editorProps: {
      attributes: { id: `${id}-content`, role: "textbox", "aria-multiline": "true", "aria-label": label },
    },
    onUpdate: ({ editor: e }) => onChangeRef.current(normalizeEditorHtml(e.getHTML())),
  });

  useEffect(() => {
    if (editor && normalizeEditorHtml(editor.getHTML()) !== value) editor.commands.setContent(value || "", { emitUpdate: false });
  }, [editor, value]);

  const insertImage = async (file: File | null) => {
    if (!file || !editor) return;
    setUploading(true);
    try {
      const media = await uploadMedia(file);
      editor.chain().focus().setImage({ src: media.url, alt: "" }).run();
    } catch (err) {
      notifyError(t, err);
    } finally {
      setUploading(false);
    }
  };

  return (
    <Input.Wrapper
      id={id}
      label={label}
      description={description}
      error={error}
      labelProps={{ htmlFor: `${id}-content`, onClick: () => editor?.commands.focus() }}
    >
      <RichTextEditor editor={editor} labels={editorLabels(t)} mt={4}>
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
            <RichTextEditor.Blockquote />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Link />
            <RichTextEditor.Unlink />
            <FileButton onChange={(f) => void insertImage(f)} accept="image/png,image/jpeg,image/webp,image/gif">
              {(props) => (
                <RichTextEditor.Control
                  {...props}
                  aria-label={t("portal.pages.insertImage")}
                  title={t("portal.pages.insertImage")}
                  disabled={uploading}
                >
                  <IconPhoto size={16} stroke={1.5} />
                </RichTextEditor.Control>
              )}
            </FileButton>
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Undo />
            <RichTextEditor.Redo />
          </RichTextEditor.ControlsGroup>
        </RichTextEditor.Toolbar>
        <RichTextEditor.Content style={{ minHeight: 240 }} />
      </RichTextEditor>
    </Input.Wrapper>
  );
}
