import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/platform/env";

/**
 * Encryption at rest for endpoint secrets, source secrets and OAuth tokens (AES-256-GCM).
 *
 * A sealed value is the string `v1.<kid>.<iv>.<tag>.<ciphertext>` (base64url parts). The key id is stored
 * so that ENCRYPTION_KEYS can rotate: the first key encrypts, and any listed key decrypts its own boxes.
 */

export type EncryptionKey = { id: string; key: Buffer };

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type DecryptionFailure = "malformed" | "unknown_key" | "tampered";

export class DecryptionError extends Error {
  constructor(
    public readonly code: DecryptionFailure,
    message: string,
  ) {
    super(message);
    this.name = "DecryptionError";
  }
}

/**
 * Constant-time string comparison for anything that touches a secret.
 * Unequal lengths return false after a comparison of the same cost, so the answer time does not depend on
 * where the strings differ (the length itself is not secret in any of our formats).
 */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

function activeKey(keys: readonly EncryptionKey[]): EncryptionKey {
  const key = keys[0];
  if (!key) throw new Error("No encryption key configured: set ENCRYPTION_KEYS");
  if (key.id.includes(".")) throw new Error(`Encryption key id "${key.id}" must not contain "."`);
  if (key.key.length !== 32) throw new Error(`Encryption key "${key.id}" must be 32 bytes`);
  return key;
}

/** The version and key id are authenticated too, so a box cannot be relabelled to another key. */
function associatedData(kid: string): Buffer {
  return Buffer.from(`${VERSION}.${kid}`, "utf8");
}

export function encryptSecret(plain: string, keys: readonly EncryptionKey[] = env().ENCRYPTION_KEYS): string {
  const { id, key } = activeKey(keys);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(associatedData(id));
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, id, iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(".");
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function parseBox(box: string) {
  const parts = box.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION || !parts[1]) {
    throw new DecryptionError("malformed", `Encrypted value is not in the ${VERSION}.<kid>.<iv>.<tag>.<ciphertext> format`);
  }
  const [, kid, iv, tag, ciphertext] = parts;
  if (![iv, tag, ciphertext].every((part) => BASE64URL.test(part))) {
    throw new DecryptionError("malformed", "Encrypted value has a part that is not base64url");
  }
  const ivBytes = Buffer.from(iv, "base64url");
  const tagBytes = Buffer.from(tag, "base64url");
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
    throw new DecryptionError("malformed", "Encrypted value has an IV or tag of the wrong length");
  }
  return { kid, iv: ivBytes, tag: tagBytes, ciphertext: Buffer.from(ciphertext, "base64url") };
}

export function decryptSecret(box: string, keys: readonly EncryptionKey[] = env().ENCRYPTION_KEYS): string {
  const { kid, iv, tag, ciphertext } = parseBox(box);
  const entry = keys.find((k) => k.id === kid);
  if (!entry) {
    throw new DecryptionError(
      "unknown_key",
      `Encrypted value uses key "${kid}", which is not in ENCRYPTION_KEYS; keep retired keys listed until their values are re-encrypted`,
    );
  }
  const decipher = createDecipheriv("aes-256-gcm", entry.key, iv);
  decipher.setAAD(associatedData(kid));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError("tampered", `Encrypted value failed authentication under key "${kid}": it was altered or corrupted`);
  }
}

/** True when the value was sealed with a key other than the active one, so a rotation job should re-encrypt it. */
export function needsReencryption(box: string, keys: readonly EncryptionKey[] = env().ENCRYPTION_KEYS): boolean {
  return parseBox(box).kid !== activeKey(keys).id;
}
