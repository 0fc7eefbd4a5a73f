"use client";

import * as React from "react";
import { useFormStatus } from "react-dom";
import { Avatar } from "radix-ui";
import { LogOutIcon } from "lucide-react";

import { cn } from "@/lib/ui/cn";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

export type ShellUser = {
  name?: string | null;
  email: string;
  image?: string | null;
};

/** Two letters from the name ("Ada Lovelace" -> "AL"), or from the email when there is no name. */
export function initials(user: Pick<ShellUser, "name" | "email">): string {
  const words = (user.name ?? "").trim().split(/\s+/).filter(Boolean);
  if (words.length >= 2) return (words[0].charAt(0) + words[words.length - 1].charAt(0)).toUpperCase();
  const source = words[0] ?? user.email;
  return source.slice(0, 2).toUpperCase();
}

// The menu item renders this button through Slot, so it must pass every prop on.
function SignOutButton(props: React.ComponentProps<"button">) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} {...props} className={cn(props.className, "w-full")}>
      <LogOutIcon aria-hidden />
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}

export function UserMenu({ user, signOutAction }: { user: ShellUser; signOutAction: () => Promise<void> }) {
  const label = user.name || user.email;

  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        aria-label={`Account menu for ${label}`}
        className="rounded-full outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        <Avatar.Root className="flex size-8 shrink-0 items-center justify-center overflow-hidden rounded-full border bg-muted">
          {user.image && <Avatar.Image src={user.image} alt="" className="size-full object-cover" />}
          <Avatar.Fallback className="text-xs font-medium text-muted-foreground">{initials(user)}</Avatar.Fallback>
        </Avatar.Root>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-60">
        <DropdownMenuLabel className="font-normal">
          {user.name && <span className="block truncate text-sm font-medium text-foreground">{user.name}</span>}
          <span className="block truncate text-xs text-muted-foreground">{user.email}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <form action={signOutAction}>
          {/* Keeping the menu open on select keeps the form mounted until the
              browser has submitted it; the action then navigates away. */}
          <DropdownMenuItem asChild onSelect={(event) => event.preventDefault()}>
            <SignOutButton />
          </DropdownMenuItem>
        </form>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
