export interface ListenOptions {
  source: string;
  forwardTo: string;
  apiKey: string;
  apiUrl: string;
  listener?: string;
  provider?: string;
  signal: AbortSignal;
  log?: (line: string) => void;
}

export interface ForwardResult {
  status: number | null;
  headers: Record<string, string>;
  body: string;
  error: string | null;
  durationMs: number;
}

export function targetUrl(forwardTo: string, path: string, query: string): string;
export function forwardHeaders(pairs: readonly [string, string][]): Record<string, string | string[]>;
export function forward(url: string, method: string, headers: Record<string, string | string[]>, body: Buffer, timeoutMs?: number): Promise<ForwardResult>;
export function listen(options: ListenOptions): Promise<void>;
