// The published signature vectors, kept in the repository (tests/fixtures/vectors/signatures.json; its README says where each set comes from).
import { readFileSync } from "node:fs";
import path from "node:path";

type Vectors = {
  standard_webhooks: {
    cases: { secret: string; id: string; timestamp: number; body: string; signature: string }[];
    must_fail: { note: string; signature: string }[];
    multiple_signatures_pass: string;
    secrets_that_must_be_rejected: string[];
    timestamps_that_signing_must_reject: string[];
  };
  stripe: { cases: { secret: string; t: number; body: string; v1: string }[] };
  github: { cases: { secret: string; body: string; signature: string }[] };
  slack: { cases: { secret: string; timestamp: number; body: string; signature: string }[] };
  shopify: { cases: { secret: string; body: string; signature: string }[] };
  twilio: { cases: { secret: string; url: string; params: Record<string, string>; signature: string }[] };
};

export const vectors: Vectors = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, "../fixtures/vectors/signatures.json"), "utf8"),
);
