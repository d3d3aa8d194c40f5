import { ErrorCode, InvitationEventType as T, type InvitationEventPush } from './gen/parley/v1/frames_pb';
import { InvitationApiCallError as I } from './codes';
import type { ConnectionManager } from './connection';
import { EventEmitter } from './emitter';
import type {
  LocalInvitationFailureReason, LocalInvitationState, RemoteInvitationFailureReason, RemoteInvitationState,
} from './enums';
import { RtmInvalidArgumentError, RtmInvalidStatusError } from './errors';
import type { Logger } from './log';
import { MAX_INVITATION_CONTENT_BYTES, isValidId, utf8Length } from './rules';

export interface LocalInvitationEvents {
  LocalInvitationReceivedByPeer: () => void;
  LocalInvitationAccepted: (response: string) => void;
  LocalInvitationRefused: (response: string) => void;
  LocalInvitationCanceled: () => void;
  LocalInvitationFailure: (reason: LocalInvitationFailureReason) => void;
}

export interface RemoteInvitationEvents {
  RemoteInvitationCanceled: (content: string) => void;
  RemoteInvitationRefused: () => void;
  RemoteInvitationAccepted: () => void;
  RemoteInvitationFailure: (reason: RemoteInvitationFailureReason) => void;
}

const TIMEOUT_MS = 10_000;
const LOCAL_FAILURE: Record<number, LocalInvitationFailureReason> = {
  1: 'PEER_OFFLINE', 2: 'PEER_NO_RESPONSE', 3: 'INVITATION_EXPIRE', 4: 'NOT_LOGGEDIN',
};
const REMOTE_FAILURE: Record<number, RemoteInvitationFailureReason> = {
  1: 'PEER_OFFLINE', 2: 'ACCEPT_FAILURE', 3: 'INVITATION_EXPIRE',
};
const LOCAL_TERMINAL = new Set<LocalInvitationState>(['ACCEPTED_BY_REMOTE', 'REFUSED_BY_REMOTE', 'CANCELED', 'FAILURE']);
const REMOTE_TERMINAL = new Set<RemoteInvitationState>(['ACCEPTED', 'REFUSED', 'CANCELED', 'FAILURE']);

/**
 * The caller's side of a call invitation (RTM Web SDK 1.x `LocalInvitation`). `send()` and
 * `cancel()` return nothing: misuse throws at once, everything else arrives as events. The server
 * owns the timers (30 s for the callee to receive it, 60 s to answer).
 */
export class LocalInvitation extends EventEmitter<LocalInvitationEvents> {
  private currentState: LocalInvitationState = 'IDLE';
  private currentResponse = '';
  private currentChannelId = '';
  content = '';
  /** @internal the server's id, once it answered the send */
  id: string | null = null;
  private cancelWhenSent = false;

  /** @internal created by RtmClient.createLocalInvitation */
  constructor(readonly calleeId: string, private readonly book: InvitationBook) {
    super();
  }

  get state(): LocalInvitationState {
    return this.currentState;
  }

  get response(): string {
    return this.currentResponse;
  }

  get channelId(): string {
    return this.currentChannelId;
  }

  set channelId(v: string) {
    if (this.currentState === 'IDLE') {
      this.currentChannelId = v;
    }
  }

  send(): void {
    if (this.currentState !== 'IDLE') {
      throw LOCAL_TERMINAL.has(this.currentState)
        ? new RtmInvalidStatusError(I.INVITATION_API_CALL_ERR_ALREADY_END, 'the invitation has ended')
        : new RtmInvalidStatusError(I.INVITATION_API_CALL_ERR_ALREADY_SENT, 'the invitation was sent');
    }
    if (typeof this.content !== 'string' || utf8Length(this.content) > MAX_INVITATION_CONTENT_BYTES
        || typeof this.currentChannelId !== 'string' || (this.currentChannelId !== '' && !isValidId(this.currentChannelId))) {
      throw new RtmInvalidArgumentError(I.INVITATION_API_CALL_ERR_INVALID_ARGUMENT, 'content over 8 KB or bad channel id');
    }
    this.currentState = 'SENT_TO_REMOTE';
    this.book.send(this);
  }

  cancel(): void {
    if (this.currentState === 'IDLE') {
      throw new RtmInvalidStatusError(I.INVITATION_API_CALL_ERR_NOT_STARTED, 'the invitation was not sent');
    }
    if (LOCAL_TERMINAL.has(this.currentState)) {
      throw new RtmInvalidStatusError(I.INVITATION_API_CALL_ERR_ALREADY_END, 'the invitation has ended');
    }
    if (typeof this.content !== 'string' || utf8Length(this.content) > MAX_INVITATION_CONTENT_BYTES) {
      throw new RtmInvalidArgumentError(I.INVITATION_API_CALL_ERR_INVALID_ARGUMENT, 'content over 8 KB');
    }
    this.currentState = 'CANCELED';
    if (this.id !== null) {
      this.book.cancel(this.id);
    } else {
      this.cancelWhenSent = true;
    }
    this.emit('LocalInvitationCanceled');
  }

  /** @internal the server answered the send */
  sent(id: string): void {
    this.id = id;
    if (this.cancelWhenSent) {
      this.book.cancel(id);
    }
  }

  /** @internal moves to a state and emits its event, unless the invitation has ended */
  apply(state: LocalInvitationState, fire: () => void): boolean {
    if (LOCAL_TERMINAL.has(this.currentState)) {
      return false;
    }
    this.currentState = state;
    fire();
    return true;
  }

  /** @internal */
  respond(response: string): void {
    this.currentResponse = response;
  }

  /** @internal */
  fire<E extends keyof LocalInvitationEvents>(event: E, ...args: Parameters<LocalInvitationEvents[E]>): void {
    this.emit(event, ...args);
  }
}

/** The callee's side of a call invitation (RTM Web SDK 1.x `RemoteInvitation`). */
export class RemoteInvitation extends EventEmitter<RemoteInvitationEvents> {
  private currentState: RemoteInvitationState = 'INVITATION_RECEIVED';
  response = '';

  /** @internal delivered by the RemoteInvitationReceived event */
  constructor(readonly id: string, readonly callerId: string, private readonly initialContent: string,
              readonly channelId: string, private readonly book: InvitationBook) {
    super();
  }

  get content(): string {
    return this.initialContent;
  }

  set content(_v: string) {
    throw new RtmInvalidArgumentError(I.INVITATION_API_CALL_ERR_INVALID_ARGUMENT, 'content of a received invitation');
  }

  get state(): RemoteInvitationState {
    return this.currentState;
  }

  accept(): void {
    this.checkAnswerable();
    this.currentState = 'ACCEPT_SENT_TO_LOCAL';
    this.book.answer(this, true);
  }

  refuse(): void {
    this.checkAnswerable();
    this.currentState = 'REFUSED';
    this.book.answer(this, false);
    this.emit('RemoteInvitationRefused');
  }

  private checkAnswerable(): void {
    if (this.currentState === 'ACCEPTED' || this.currentState === 'ACCEPT_SENT_TO_LOCAL') {
      throw new RtmInvalidStatusError(I.INVITATION_API_CALL_ERR_ALREADY_ACCEPT, 'already accepted');
    }
    if (REMOTE_TERMINAL.has(this.currentState)) {
      throw new RtmInvalidStatusError(I.INVITATION_API_CALL_ERR_ALREADY_END, 'the invitation has ended');
    }
    if (typeof this.response !== 'string' || utf8Length(this.response) > MAX_INVITATION_CONTENT_BYTES) {
      throw new RtmInvalidArgumentError(I.INVITATION_API_CALL_ERR_INVALID_ARGUMENT, 'response over 8 KB');
    }
  }

  /** @internal */
  apply(state: RemoteInvitationState, fire: () => void): void {
    if (!REMOTE_TERMINAL.has(this.currentState)) {
      this.currentState = state;
      fire();
    }
  }

  /** @internal */
  fire<E extends keyof RemoteInvitationEvents>(event: E, ...args: Parameters<RemoteInvitationEvents[E]>): void {
    this.emit(event, ...args);
  }
}

/** The invitations of one client: requests out, the server's events in. */
export class InvitationBook {
  private readonly local = new Map<string, LocalInvitation>();
  private readonly remote = new Map<string, RemoteInvitation>();

  constructor(private readonly connection: ConnectionManager, private readonly log: Logger,
              private readonly received: (inv: RemoteInvitation) => void) {
  }

  createLocal(calleeId: string): LocalInvitation {
    return new LocalInvitation(calleeId, this);
  }

  send(inv: LocalInvitation): void {
    if (this.connection.connectionState !== 'CONNECTED') {
      queueMicrotask(() => inv.apply('FAILURE', () => inv.fire('LocalInvitationFailure', 'NOT_LOGGEDIN')));
      return;
    }
    this.connection.request({
      case: 'sendInvitation', value: { calleeId: inv.calleeId, content: inv.content, channelId: inv.channelId },
    }, TIMEOUT_MS).then((reply) => {
      const code = reply.status?.code ?? ErrorCode.OK;
      if (code === ErrorCode.OK && reply.body.case === 'invitationSent') {
        const id = reply.body.value.invitationId;
        this.local.set(id, inv);
        inv.sent(id);
        return;
      }
      this.log.warn(`invitation to ${inv.calleeId} refused by the server: ${ErrorCode[code]}`);
      inv.apply('FAILURE', () => inv.fire('LocalInvitationFailure', 'UNKNOWN'));
    }, () => inv.apply('FAILURE', () => inv.fire('LocalInvitationFailure', 'PEER_NO_RESPONSE')));
  }

  cancel(id: string): void {
    this.local.delete(id);
    this.connection.request({ case: 'cancelInvitation', value: { invitationId: id } }, TIMEOUT_MS)
      .catch((err: unknown) => this.log.warn(`cancelling invitation ${id} failed: ${String(err)}`));
  }

  answer(inv: RemoteInvitation, accept: boolean): void {
    const value = { invitationId: inv.id, response: inv.response };
    this.connection.request(accept ? { case: 'acceptInvitation', value } : { case: 'refuseInvitation', value }, TIMEOUT_MS)
      .then((reply) => {
        const code = reply.status?.code ?? ErrorCode.OK;
        if (code !== ErrorCode.OK && accept) {
          this.remote.delete(inv.id);
          inv.apply('FAILURE', () => inv.fire('RemoteInvitationFailure', 'ACCEPT_FAILURE'));
        }
      }, () => {
        if (accept) {
          this.remote.delete(inv.id);
          inv.apply('FAILURE', () => inv.fire('RemoteInvitationFailure', 'ACCEPT_FAILURE'));
        }
      });
    if (!accept) {
      this.remote.delete(inv.id);
    }
  }

  event(e: InvitationEventPush): void {
    switch (e.type) {
      case T.REMOTE_RECEIVED: {
        if (this.remote.has(e.invitationId)) {
          return; // a repeat of one we have
        }
        const inv = new RemoteInvitation(e.invitationId, e.callerId, e.content, e.channelId, this);
        this.remote.set(e.invitationId, inv);
        this.connection.sendOneWay({ case: 'invitationReceivedAck', value: { invitationId: e.invitationId } });
        this.received(inv);
        return;
      }
      case T.REMOTE_CANCELED:
        this.remoteEnd(e, 'CANCELED', (inv) => inv.fire('RemoteInvitationCanceled', e.content || inv.content));
        return;
      case T.REMOTE_ACCEPTED:
        this.remoteEnd(e, 'ACCEPTED', (inv) => inv.fire('RemoteInvitationAccepted'));
        return;
      case T.REMOTE_REFUSED:
        this.remote.delete(e.invitationId); // refuse() already moved the state and emitted
        return;
      case T.REMOTE_FAILURE:
        this.remoteEnd(e, 'FAILURE', (inv) => inv.fire('RemoteInvitationFailure', REMOTE_FAILURE[e.failureCode] ?? 'UNKNOWN'));
        return;
      case T.LOCAL_RECEIVED_BY_PEER: {
        const inv = this.local.get(e.invitationId);
        inv?.apply('RECEIVED_BY_REMOTE', () => inv.fire('LocalInvitationReceivedByPeer'));
        return;
      }
      case T.LOCAL_ACCEPTED:
        this.localEnd(e, 'ACCEPTED_BY_REMOTE', (inv) => inv.fire('LocalInvitationAccepted', e.response));
        return;
      case T.LOCAL_REFUSED:
        this.localEnd(e, 'REFUSED_BY_REMOTE', (inv) => inv.fire('LocalInvitationRefused', e.response));
        return;
      case T.LOCAL_CANCELED:
        this.localEnd(e, 'CANCELED', (inv) => inv.fire('LocalInvitationCanceled'));
        return;
      case T.LOCAL_FAILURE:
        this.localEnd(e, 'FAILURE', (inv) => inv.fire('LocalInvitationFailure', LOCAL_FAILURE[e.failureCode] ?? 'UNKNOWN'));
        return;
      default:
        this.log.debug(`ignoring invitation event ${e.type}`);
    }
  }

  private remoteEnd(e: InvitationEventPush, state: RemoteInvitationState, fire: (inv: RemoteInvitation) => void): void {
    const inv = this.remote.get(e.invitationId);
    if (inv) {
      this.remote.delete(e.invitationId);
      inv.apply(state, () => fire(inv));
    }
  }

  private localEnd(e: InvitationEventPush, state: LocalInvitationState, fire: (inv: LocalInvitation) => void): void {
    const inv = this.local.get(e.invitationId);
    if (inv) {
      this.local.delete(e.invitationId);
      if (state === 'ACCEPTED_BY_REMOTE' || state === 'REFUSED_BY_REMOTE') {
        inv.respond(e.response);
      }
      inv.apply(state, () => fire(inv));
    }
  }

  sessionClosed(): void {
    this.local.clear();
    this.remote.clear();
  }
}
