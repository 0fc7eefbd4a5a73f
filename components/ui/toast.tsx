"use client";

import * as React from "react";
import { Toast as ToastPrimitive } from "radix-ui";
import { cva, type VariantProps } from "class-variance-authority";
import { XIcon } from "lucide-react";

import { cn } from "@/lib/ui/cn";

const toastVariants = cva(
  "group pointer-events-auto relative flex w-full items-start gap-3 overflow-hidden rounded-lg border p-4 pr-8 shadow-lg transition-all data-[swipe=cancel]:translate-x-0 data-[swipe=end]:translate-x-(--radix-toast-swipe-end-x) data-[swipe=move]:translate-x-(--radix-toast-swipe-move-x) data-[swipe=move]:transition-none data-[state=closed]:animate-out data-[state=closed]:fade-out-80 data-[state=closed]:slide-out-to-right-full data-[state=open]:animate-in data-[state=open]:slide-in-from-bottom-full data-[swipe=end]:animate-out",
  {
    variants: {
      variant: {
        default: "border bg-popover text-popover-foreground",
        success: "border-success/40 bg-popover text-popover-foreground [&_[data-slot=toast-title]]:text-success",
        destructive: "border-destructive bg-destructive text-white",
      },
    },
    defaultVariants: { variant: "default" },
  },
);

export type ToastVariant = NonNullable<VariantProps<typeof toastVariants>["variant"]>;

export type ToastOptions = {
  title?: React.ReactNode;
  description?: React.ReactNode;
  variant?: ToastVariant;
  /** Milliseconds before the toast closes by itself; Radix pauses this while hovered or focused. */
  duration?: number;
};

type ToastItem = ToastOptions & { id: number; open: boolean };

// A tiny module-level store lets any client component call `toast()` without a
// context provider; the single mounted <Toaster /> subscribes to it.
const MAX_TOASTS = 5;
// How long a closed toast stays mounted so its exit animation can finish.
const REMOVE_DELAY_MS = 300;
const EMPTY: ToastItem[] = [];

let items: ToastItem[] = EMPTY;
let nextId = 1;
const listeners = new Set<() => void>();

function setItems(next: ToastItem[]) {
  items = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Closes a toast with its exit animation, then unmounts it. */
export function dismissToast(id: number): void {
  if (!items.some((item) => item.id === id && item.open)) return;
  setItems(items.map((item) => (item.id === id ? { ...item, open: false } : item)));
  setTimeout(() => setItems(items.filter((item) => item.id !== id)), REMOVE_DELAY_MS);
}

/** Shows a toast from any client component. Returns its id and a function that closes it. */
export function toast(options: ToastOptions): { id: number; dismiss: () => void } {
  const id = nextId++;
  setItems([...items, { ...options, id, open: true }].slice(-MAX_TOASTS));
  return { id, dismiss: () => dismissToast(id) };
}

/** Mount once, in the root layout. Renders every toast raised through `toast()`. */
export function Toaster() {
  const toasts = React.useSyncExternalStore(subscribe, () => items, () => EMPTY);

  return (
    <ToastPrimitive.Provider swipeDirection="right">
      {toasts.map(({ id, open, title, description, variant, duration }) => (
        <ToastPrimitive.Root
          key={id}
          open={open}
          duration={duration}
          onOpenChange={(isOpen) => {
            if (!isOpen) dismissToast(id);
          }}
          data-slot="toast"
          className={toastVariants({ variant })}
          // Errors interrupt the screen reader; everything else waits politely.
          type={variant === "destructive" ? "foreground" : "background"}
        >
          <div className="grid gap-1">
            {title && (
              <ToastPrimitive.Title data-slot="toast-title" className="text-sm font-semibold">
                {title}
              </ToastPrimitive.Title>
            )}
            {description && (
              <ToastPrimitive.Description data-slot="toast-description" className="text-sm opacity-90">
                {description}
              </ToastPrimitive.Description>
            )}
          </div>
          <ToastPrimitive.Close
            aria-label="Close"
            className={cn(
              "absolute top-2 right-2 rounded-md p-1 opacity-0 transition-opacity group-hover:opacity-100 focus:opacity-100 focus:ring-2 focus:ring-ring focus:outline-none",
              variant === "destructive" && "text-white/80 hover:text-white focus:ring-white/50",
            )}
          >
            <XIcon className="size-4" />
          </ToastPrimitive.Close>
        </ToastPrimitive.Root>
      ))}
      <ToastPrimitive.Viewport className="fixed right-0 bottom-0 z-[100] flex max-h-screen w-full flex-col gap-2 p-4 outline-none sm:max-w-[400px]" />
    </ToastPrimitive.Provider>
  );
}
