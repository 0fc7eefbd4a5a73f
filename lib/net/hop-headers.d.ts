export const HOP_HEADERS: ReadonlySet<string>;
