import * as React from "react";
import { CircleAlertIcon } from "lucide-react";

import { cn } from "@/lib/ui/cn";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Label } from "@/components/ui/label";

type Errors = string | string[] | null | undefined;

function toList(error: Errors): string[] {
  if (!error) return [];
  return (Array.isArray(error) ? error : [error]).filter((message) => message.length > 0);
}

/** The id FormField gives a field's error message, for controls wired up by hand. */
export function formMessageId(htmlFor: string): string {
  return `${htmlFor}-message`;
}

/** The id FormField gives a field's description, for controls wired up by hand. */
export function formDescriptionId(htmlFor: string): string {
  return `${htmlFor}-description`;
}

export function FormDescription({ className, ...props }: React.ComponentProps<"p">) {
  return <p data-slot="form-description" className={cn("text-xs text-muted-foreground", className)} {...props} />;
}

/** A field's validation message(s) in the destructive colour; renders nothing when there is no error. */
export function FormMessage({
  error,
  className,
  ...props
}: Omit<React.ComponentProps<"div">, "children"> & { error?: Errors }) {
  const messages = toList(error);
  if (messages.length === 0) return null;
  return (
    <div data-slot="form-message" className={cn("text-xs font-medium text-destructive", className)} {...props}>
      {messages.length === 1 ? (
        <p>{messages[0]}</p>
      ) : (
        <ul className="list-inside list-disc space-y-0.5">
          {messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

type FormFieldProps = {
  label: React.ReactNode;
  /** The control's id; the label points at it and the message/description ids derive from it. */
  htmlFor: string;
  error?: Errors;
  description?: React.ReactNode;
  className?: string;
  children: React.ReactNode;
};

type AriaProps = {
  id?: string;
  "aria-invalid"?: boolean | "true" | "false";
  "aria-describedby"?: string;
};

/**
 * A labelled form control with its description and error message. When the child
 * is a single element, it receives `id`, `aria-invalid` and `aria-describedby`
 * so screen readers announce the error with the field; other children are
 * rendered as they are and can use `formMessageId`/`formDescriptionId`.
 */
export function FormField({ label, htmlFor, error, description, className, children }: FormFieldProps) {
  const invalid = toList(error).length > 0;
  const descriptionId = description ? formDescriptionId(htmlFor) : undefined;
  const messageId = invalid ? formMessageId(htmlFor) : undefined;

  let control = children;
  if (React.isValidElement<AriaProps>(children)) {
    const describedBy = [children.props["aria-describedby"], descriptionId, messageId].filter(Boolean).join(" ");
    control = React.cloneElement(children, {
      id: children.props.id ?? htmlFor,
      "aria-invalid": invalid || children.props["aria-invalid"] || undefined,
      "aria-describedby": describedBy || undefined,
    });
  }

  return (
    <div data-slot="form-field" data-invalid={invalid || undefined} className={cn("grid gap-2", className)}>
      <Label htmlFor={htmlFor} className={cn(invalid && "text-destructive")}>
        {label}
      </Label>
      {control}
      {description && <FormDescription id={descriptionId}>{description}</FormDescription>}
      <FormMessage id={messageId} error={error} />
    </div>
  );
}

/**
 * A form-level error (for example, a failed server action), given as `error` or
 * as children. Renders nothing when there is neither.
 */
export function FormError({
  error,
  className,
  children,
}: {
  error?: Errors;
  className?: string;
  children?: React.ReactNode;
}) {
  const messages = toList(error);
  if (messages.length === 0 && !children) return null;
  return (
    <Alert variant="destructive" data-slot="form-error" className={className}>
      <CircleAlertIcon />
      <AlertDescription>
        {messages.map((message) => (
          <p key={message}>{message}</p>
        ))}
        {children}
      </AlertDescription>
    </Alert>
  );
}
