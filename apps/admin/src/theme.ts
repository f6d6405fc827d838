import {
  ActionIcon,
  Button,
  Checkbox,
  createTheme,
  MultiSelect,
  NavLink,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Select,
  Switch,
  TagsInput,
  Textarea,
  TextInput,
} from "@mantine/core";

// Tablet first: inputs and buttons are 42px high so every touch target is at least 40px.
// Descriptions go under the input so inputs in a row line up.
const md = {
  defaultProps: {
    size: "md" as const,
    inputWrapperOrder: ["label", "input", "description", "error"] as ("label" | "input" | "description" | "error")[],
  },
};

export const theme = createTheme({
  primaryColor: "indigo",
  defaultRadius: "md",
  focusRing: "auto",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  components: {
    Button: Button.extend(md),
    TextInput: TextInput.extend(md),
    PasswordInput: PasswordInput.extend(md),
    NumberInput: NumberInput.extend(md),
    Textarea: Textarea.extend(md),
    Select: Select.extend(md),
    MultiSelect: MultiSelect.extend(md),
    TagsInput: TagsInput.extend(md),
    SegmentedControl: SegmentedControl.extend({ defaultProps: { size: "md" } }),
    Checkbox: Checkbox.extend({ defaultProps: { size: "md" } }),
    Switch: Switch.extend({ defaultProps: { size: "md" } }),
    ActionIcon: ActionIcon.extend({ defaultProps: { size: "input-md", variant: "subtle" } }),
    NavLink: NavLink.extend({ styles: { root: { minHeight: 44, borderRadius: 8 } } }),
  },
});
