import { CopyButton } from "@/components/outbound/copy-button";

function pathOf(url: string): string {
  try {
    return new URL(url).pathname || "/";
  } catch {
    return "/webhooks";
  }
}

function nodeSample(url: string): string {
  return `// npm install standardwebhooks express
import express from "express";
import { Webhook } from "standardwebhooks";

// The signing secret from this page (whsec_...), from your secret store.
const webhook = new Webhook(process.env.WEBHOOK_SECRET);
const app = express();

// Receives ${url}
// Verify the raw bytes: re-serialised JSON would not match the signature.
app.post("${pathOf(url)}", express.raw({ type: "application/json" }), (req, res) => {
  let event;
  try {
    event = webhook.verify(req.body, {
      "webhook-id": req.header("webhook-id"),
      "webhook-timestamp": req.header("webhook-timestamp"),
      "webhook-signature": req.header("webhook-signature"),
    });
  } catch {
    return res.status(400).send("Invalid signature");
  }
  // webhook-id stays the same across retries: skip ids already handled.
  console.log(req.header("webhook-id"), event);
  res.status(204).end();
});

app.listen(3000);`;
}

function pythonSample(url: string): string {
  return `# pip install standardwebhooks flask
import os
from flask import Flask, request
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

# The signing secret (whsec_...), from your secret store.
webhook = Webhook(os.environ["WEBHOOK_SECRET"])
app = Flask(__name__)

# Receives ${url}
@app.post("${pathOf(url)}")
def receive():
    try:
        # Verify the raw bytes: re-serialised JSON would not match the signature.
        event = webhook.verify(request.get_data(), dict(request.headers))
    except WebhookVerificationError:
        return "Invalid signature", 400
    # webhook-id stays the same across retries: skip ids already handled.
    print(request.headers["webhook-id"], event)
    return "", 204`;
}

function goSample(url: string): string {
  return `// go get github.com/standard-webhooks/standard-webhooks/libraries/go
package main

import (
\t"io"
\t"log"
\t"net/http"
\t"os"

\tstandardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

func main() {
\t// The signing secret (whsec_...), from your secret store.
\twh, err := standardwebhooks.NewWebhook(os.Getenv("WEBHOOK_SECRET"))
\tif err != nil {
\t\tlog.Fatal(err)
\t}
\t// Receives ${url}
\thttp.HandleFunc("${pathOf(url)}", func(w http.ResponseWriter, r *http.Request) {
\t\t// Verify the raw bytes: re-serialised JSON would not match the signature.
\t\tbody, _ := io.ReadAll(r.Body)
\t\tif err := wh.Verify(body, r.Header); err != nil {
\t\t\thttp.Error(w, "Invalid signature", http.StatusBadRequest)
\t\t\treturn
\t\t}
\t\t// webhook-id stays the same across retries: skip ids already handled.
\t\tlog.Println(r.Header.Get("webhook-id"), string(body))
\t\tw.WriteHeader(http.StatusNoContent)
\t})
\tlog.Fatal(http.ListenAndServe(":3000", nil))
}`;
}

export const VERIFY_LANGUAGES = { node: ["Node.js", nodeSample], python: ["Python", pythonSample], go: ["Go", goSample] } as const;
export type VerifyLanguage = keyof typeof VERIFY_LANGUAGES;

/** How the endpoint's receiver verifies deliveries, with the Standard Webhooks library of its language. */
export function VerifyDocs({ url, language = "node", languageHref }: { url: string; language?: VerifyLanguage; languageHref?: (language: VerifyLanguage) => string }) {
  const sample = VERIFY_LANGUAGES[language][1](url);
  return (
    <div className="space-y-4 text-sm">
      <p className="text-muted-foreground">
        Every delivery follows the Standard Webhooks spec, so any of its libraries verifies it. Each request carries
        <code className="mx-1 rounded bg-muted px-1 text-xs">webhook-id</code>(the message id, unchanged across retries),
        <code className="mx-1 rounded bg-muted px-1 text-xs">webhook-timestamp</code>and
        <code className="mx-1 rounded bg-muted px-1 text-xs">webhook-signature</code>
        (<code className="text-xs">v1,</code> + base64 HMAC-SHA256 of <code className="text-xs">id.timestamp.body</code>).
      </p>
      {languageHref ? (
        <nav className="flex gap-2" aria-label="Language">
          {(Object.keys(VERIFY_LANGUAGES) as VerifyLanguage[]).map((l) => (
            <a key={l} href={languageHref(l)} aria-current={l === language ? "page" : undefined} className="rounded-md border px-2 py-1 text-xs aria-[current=page]:bg-primary aria-[current=page]:text-primary-foreground">
              {VERIFY_LANGUAGES[l][0]}
            </a>
          ))}
        </nav>
      ) : null}
      <div className="relative">
        <div className="absolute top-2 right-2"><CopyButton value={sample} label="Copy code sample" /></div>
        <pre data-testid="verify-sample" className="overflow-x-auto rounded-md border bg-muted/50 p-4 pr-14 font-mono text-xs leading-relaxed">{sample}</pre>
      </div>
      <ul className="list-disc space-y-1 pl-5 text-muted-foreground">
        <li>During a secret rotation the signature header holds two <code className="text-xs">v1,</code> signatures; the library accepts the request if either matches.</li>
        <li>The library refuses timestamps more than five minutes from your clock, which stops replays of old requests.</li>
        <li>Answer 2xx quickly and do the work afterwards. Anything else (or no answer within the timeout) is retried.</li>
        <li>Answer with the header <code className="text-xs">webhook-delivery: abort-message</code> to stop retries of one message.</li>
      </ul>
    </div>
  );
}
