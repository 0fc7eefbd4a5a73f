"use client";

import * as React from "react";
import { json, jsonParseLinter } from "@codemirror/lang-json";
import { linter, lintGutter, type Diagnostic } from "@codemirror/lint";
import CodeMirror, { EditorView, placeholder as placeholderText } from "@uiw/react-codemirror";
import { useTheme } from "next-themes";

import { cn } from "@/lib/ui/cn";

const parseErrors = jsonParseLinter();

// An empty field means "none" (no schema, no filter), so only text that is there is checked.
const jsonLinter = linter((view): Diagnostic[] => (view.state.doc.toString().trim() ? parseErrors(view) : []), { delay: 300 });

export type CodeEditorProps = {
  name: string;
  value: string;
  /** Called like a textarea's onChange, so `useDraft().field(...)` plugs in as it does for a <Textarea>. */
  onChange: (event: { target: { value: string } }) => void;
  /** The accessible name: CodeMirror's editable area is not a labelable element, so <label for> cannot name it. */
  "aria-label": string;
  id?: string;
  "aria-invalid"?: boolean | "true" | "false";
  "aria-describedby"?: string;
  placeholder?: string;
  /** The editor's height in lines before it scrolls. */
  rows?: number;
  className?: string;
};

/**
 * A JSON editor (CodeMirror): highlighting, bracket matching, folding, and a parse error marked in the gutter and
 * under the text where it is. The value also goes into a hidden input of `name`, so the surrounding form submits it
 * like a textarea; the server still validates it and its messages show under the field as before.
 */
export function CodeEditor({
  name,
  value,
  onChange,
  id,
  placeholder,
  rows = 6,
  className,
  "aria-label": ariaLabel,
  "aria-invalid": ariaInvalid,
  "aria-describedby": describedBy,
}: CodeEditorProps) {
  const { resolvedTheme } = useTheme();
  const invalid = ariaInvalid === true || ariaInvalid === "true";
  const extensions = React.useMemo(
    () => [
      json(),
      jsonLinter,
      lintGutter(),
      EditorView.lineWrapping,
      ...(placeholder ? [placeholderText(placeholder)] : []),
      EditorView.contentAttributes.of({
        "aria-label": ariaLabel,
        ...(id ? { id } : {}),
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        ...(invalid ? { "aria-invalid": "true" } : {}),
        spellcheck: "false",
      }),
    ],
    [placeholder, ariaLabel, id, describedBy, invalid],
  );
  const lineHeight = 1.25; // rem, for text-xs in the editor's monospace font
  return (
    <div
      data-slot="code-editor"
      data-invalid={invalid || undefined}
      className={cn(
        "overflow-hidden rounded-md border border-input text-xs shadow-xs focus-within:border-ring focus-within:ring-[3px] focus-within:ring-ring/50",
        "data-[invalid]:border-destructive data-[invalid]:ring-destructive/20 [&_.cm-editor]:bg-transparent [&_.cm-editor.cm-focused]:outline-none [&_.cm-scroller]:font-mono",
        className,
      )}
    >
      <input type="hidden" name={name} value={value} />
      <CodeMirror
        value={value}
        onChange={(text) => onChange({ target: { value: text } })}
        extensions={extensions}
        theme={resolvedTheme === "dark" ? "dark" : "light"}
        minHeight={`${rows * lineHeight + 0.5}rem`}
        maxHeight="24rem"
        basicSetup={{ lineNumbers: true, foldGutter: true, highlightActiveLine: false, autocompletion: false, searchKeymap: false }}
      />
    </div>
  );
}
