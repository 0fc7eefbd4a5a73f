"use client";

import Link from "next/link";
import { fieldError } from "@/components/action-form";
import { FormField } from "@/components/ui/form";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { ActionState } from "@/lib/api/actions";
import type { ApplicationChoice } from "@/lib/applications";

/** The "new endpoint" form's first question: which customer the endpoint is for. */
export function ApplicationSelect({ state, workspace, choices, value }: { state: ActionState<unknown>; workspace: string; choices: ApplicationChoice[]; value: string }) {
  return (
    <FormField
      label="Application"
      htmlFor="endpoint-application"
      error={fieldError(state, "application")}
      description={
        <>
          Which customer it is for. It receives the messages sent to that application and those sent without one.{" "}
          <Link href={`/${workspace}/applications`} className="underline">Manage applications</Link>
        </>
      }
    >
      <Select name="application" defaultValue={choices.some((c) => c.value === value) ? value : choices[0]?.value}>
        <SelectTrigger id="endpoint-application" className="w-full" data-testid="endpoint-application">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {choices.map((choice) => (
            <SelectItem key={choice.value} value={choice.value} className="max-w-[80vw] truncate" title={choice.label}>{choice.label}</SelectItem>
          ))}
        </SelectContent>
      </Select>
    </FormField>
  );
}
