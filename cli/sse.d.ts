export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

export function createSseParser(): (chunk: string) => SseEvent[];
