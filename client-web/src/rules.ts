/**
 * RTM's limits and identifier rules, the same as the server's (protocol/…/Identifiers.java,
 * MessageRules.java, AttributeRules.java), checked before a request is sent so a bad call fails
 * at once with the operation's own code.
 */
export const MAX_ID_BYTES = 64;
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_INVITATION_CONTENT_BYTES = 8 * 1024;
export const MAX_ATTRIBUTE_VALUE_BYTES = 8 * 1024;
export const MAX_ATTRIBUTE_KEY_BYTES = 32;
export const MAX_ATTRIBUTES = 32;
export const MAX_USER_ATTRIBUTES_BYTES = 16 * 1024;
export const MAX_CHANNEL_ATTRIBUTES_BYTES = 32 * 1024;
export const MAX_TOKEN_CHARS = 2048;

const ID_CHARS = /^[a-zA-Z0-9 !#$%&()+\-:;<=.>?@[\]^_{}|~,]+$/;

/** A user or channel id: 1–64 ASCII characters of the RTM set, not "null", no leading space. */
export function isValidId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_BYTES && id !== 'null'
    && id[0] !== ' ' && ID_CHARS.test(id);
}

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      n += 1;
    } else if (c < 0x800) {
      n += 2;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    } else {
      n += 3;
    }
  }
  return n;
}

/**
 * RTM's message rule (the server's MessageRules): TEXT is 1..32 KB of UTF-8 and no payload; RAW is a
 * non-empty payload that, with its description, fits 32 KB. 'too_large' when only the size is wrong.
 */
export function messageProblem(type: 'TEXT' | 'RAW', textBytes: number, rawBytes: number): 'invalid' | 'too_large' | null {
  if (type === 'TEXT') {
    return textBytes === 0 || rawBytes > 0 ? 'invalid' : textBytes > MAX_MESSAGE_BYTES ? 'too_large' : null;
  }
  return rawBytes === 0 ? 'invalid' : rawBytes + textBytes > MAX_MESSAGE_BYTES ? 'too_large' : null;
}

/** What a message object is on the wire, or why it cannot be sent. */
export type CheckedMessage =
  | { ok: true; type: 'TEXT'; text: string }
  | { ok: true; type: 'RAW'; raw: Uint8Array; description: string }
  | { ok: false; reason: 'invalid' | 'too_large' };

export function checkMessage(message: unknown): CheckedMessage {
  if (typeof message !== 'object' || message === null) {
    return { ok: false, reason: 'invalid' };
  }
  const m = message as { text?: unknown; rawMessage?: unknown; description?: unknown; messageType?: unknown };
  const type = m.messageType ?? (m.rawMessage !== undefined ? 'RAW' : 'TEXT');
  if (type === 'TEXT') {
    if (typeof m.text !== 'string' || m.rawMessage !== undefined) {
      return { ok: false, reason: 'invalid' };
    }
    const problem = messageProblem('TEXT', utf8Length(m.text), 0);
    return problem ? { ok: false, reason: problem } : { ok: true, type: 'TEXT', text: m.text };
  }
  if (type === 'RAW') {
    if (!(m.rawMessage instanceof Uint8Array) || (m.description !== undefined && typeof m.description !== 'string')
        || m.text !== undefined) {
      return { ok: false, reason: 'invalid' };
    }
    const description = (m.description as string | undefined) ?? '';
    const problem = messageProblem('RAW', utf8Length(description), m.rawMessage.byteLength);
    return problem ? { ok: false, reason: problem } : { ok: true, type: 'RAW', raw: m.rawMessage, description };
  }
  return { ok: false, reason: 'invalid' };
}

/** An attribute key: 1–32 characters of visible ASCII. */
export function isValidAttributeKey(key: unknown): key is string {
  return typeof key === 'string' && key.length > 0 && key.length <= MAX_ATTRIBUTE_KEY_BYTES
    && /^[\x21-\x7e]+$/.test(key);
}

/** null when the map may be written, else 'invalid' (shape) or 'too_large' (count or size). */
export function checkAttributes(attributes: unknown, maxTotalBytes: number): 'invalid' | 'too_large' | null {
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
    return 'invalid';
  }
  const entries = Object.entries(attributes as Record<string, unknown>);
  if (entries.length === 0) {
    return 'invalid';
  }
  let total = 0;
  for (const [k, v] of entries) {
    if (!isValidAttributeKey(k) || typeof v !== 'string' || v.length === 0) {
      return 'invalid';
    }
    const n = utf8Length(v);
    if (n > MAX_ATTRIBUTE_VALUE_BYTES) {
      return 'too_large';
    }
    total += k.length + n;
  }
  return entries.length > MAX_ATTRIBUTES || total > maxTotalBytes ? 'too_large' : null;
}

/** Keys for get…ByKeys / delete…ByKeys: a non-empty array of valid keys. */
export function isValidKeyList(keys: unknown, max = MAX_ATTRIBUTES): keys is string[] {
  return Array.isArray(keys) && keys.length > 0 && keys.length <= max && keys.every(isValidAttributeKey);
}
