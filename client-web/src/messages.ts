import { MessageType as WireType, type MessageBody } from './gen/parley/v1/frames_pb';
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { MessageBodySchema } from './gen/parley/v1/frames_pb';
import { MAX_MESSAGE_BYTES, type CheckedMessage } from './rules';

export interface RtmTextMessage {
  text: string;
  messageType?: 'TEXT';
  rawMessage?: never;
  description?: never;
}

export interface RtmRawMessage {
  rawMessage: Uint8Array;
  description?: string;
  messageType?: 'RAW';
  text?: never;
}

export type RtmMessage = RtmTextMessage | RtmRawMessage;

export interface ReceivedMessageProperties {
  serverReceivedTs: number;
}

export const END_CALL_PREFIX = 'AgoraRTMLegacyEndcallCompatibleMessagePrefix';

/** The wire body of a checked message. */
export function toWire(m: Extract<CheckedMessage, { ok: true }>): MessageInitShape<typeof MessageBodySchema> {
  return m.type === 'TEXT' ? { type: WireType.TEXT, text: m.text }
    : { type: WireType.RAW, text: m.description, raw: m.raw };
}

/**
 * The message object an app receives, or null when the body breaks the RTM rules (a TEXT body
 * with a payload, over 32 KB, an unknown type): that message is skipped and not acknowledged, as
 * the Java SDK does, since it would break the app that receives it.
 */
export function fromWire(body: MessageBody | undefined): RtmMessage | null {
  if (!body) {
    return null;
  }
  const textBytes = new TextEncoder().encode(body.text).byteLength;
  if (body.type === WireType.TEXT && body.raw.byteLength === 0 && textBytes > 0 && textBytes <= MAX_MESSAGE_BYTES) {
    return { text: body.text, messageType: 'TEXT' };
  }
  if (body.type === WireType.RAW && body.raw.byteLength > 0 && body.raw.byteLength + textBytes <= MAX_MESSAGE_BYTES) {
    return { rawMessage: body.raw, description: body.text, messageType: 'RAW' };
  }
  return null;
}
