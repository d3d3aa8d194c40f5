import { MessageType as WireType, type MessageBody } from './gen/parley/v1/frames_pb';
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { MessageBodySchema } from './gen/parley/v1/frames_pb';
import { messageProblem, utf8Length, type CheckedMessage } from './rules';

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
  const type = body?.type === WireType.TEXT ? 'TEXT' : body?.type === WireType.RAW ? 'RAW' : null;
  if (!body || type === null || messageProblem(type, utf8Length(body.text), body.raw.byteLength) !== null) {
    return null;
  }
  return type === 'TEXT' ? { text: body.text, messageType: 'TEXT' }
    : { rawMessage: body.raw, description: body.text, messageType: 'RAW' };
}
