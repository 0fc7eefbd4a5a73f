// zapier-platform-schema ships no types; the Zapier test uses only its validator.
declare module "zapier-platform-schema" {
  export function validateAppDefinition(definition: unknown): { errors: { property: string; message: string }[] };
}
