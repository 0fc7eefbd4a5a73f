// GET, POST, PUT /api/inngest - Inngest's endpoint for registering and invoking the delivery functions (Vercel mode).
import { serve } from "inngest/next";
import { functions, inngest } from "@/inngest";

export const { GET, POST, PUT } = serve({ client: inngest, functions });
