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
  Textarea,
  TextInput,
} from "@mantine/core";

// Tablet first: inputs and buttons are 42px high so every touch target is at least 40px.
const md = { defaultProps: { size: "md" } } as const;

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
    SegmentedControl: SegmentedControl.extend(md),
    Checkbox: Checkbox.extend(md),
    Switch: Switch.extend(md),
    ActionIcon: ActionIcon.extend({ defaultProps: { size: "input-md", variant: "subtle" } }),
    NavLink: NavLink.extend({ styles: { root: { minHeight: 44, borderRadius: 8 } } }),
  },
});
