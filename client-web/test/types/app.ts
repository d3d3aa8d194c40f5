// An app written against agora-rtm-sdk 1.5.1's API, with only the import's package name changed.
// `npm run test:types` compiles it against dist/index.d.ts: it must type-check unchanged.
import AgoraRTM from 'parley-rtm-sdk';
import type {
  LocalInvitation, RemoteInvitation, RtmChannel, RtmClient, RtmMessage, RtmStatusCode, RtmTextMessage,
} from 'parley-rtm-sdk';

const client: RtmClient = AgoraRTM.createInstance('0123456789abcdef0123456789abcdef', {
  logFilter: AgoraRTM.LOG_FILTER_WARNING,
  enableLogUpload: false,
});
const legacy: RtmClient = AgoraRTM.createInstance('0123456789abcdef0123456789abcdef', {}, [
  'GLOBAL' as RtmStatusCode.AreaCode]);
AgoraRTM.setArea({ areaCodes: ['GLOBAL' as RtmStatusCode.AreaCode] });
const version: string = AgoraRTM.VERSION + AgoraRTM.BUILD + AgoraRTM.END_CALL_PREFIX;

client.on('ConnectionStateChanged', (newState, reason) => {
  if (newState === AgoraRTM.ConnectionState.ABORTED && reason === 'REMOTE_LOGIN') {
    console.log('logged in elsewhere', version);
  }
  const s: RtmStatusCode.ConnectionState = newState;
  const r: RtmStatusCode.ConnectionChangeReason = reason;
  console.log(s, r);
});
client.on('MessageFromPeer', (message: RtmMessage, peerId: string, props) => {
  if (message.messageType === 'TEXT') {
    console.log(peerId, message.text, props.serverReceivedTs);
  } else if (message.messageType === AgoraRTM.MessageType.RAW) {
    console.log(message.rawMessage.byteLength, message.description);
  }
});
client.on('PeersOnlineStatusChanged', (status) => {
  for (const [peer, state] of Object.entries(status)) {
    console.log(peer, state === AgoraRTM.PeerOnlineState.ONLINE);
  }
});
client.on('TokenPrivilegeWillExpire', async () => {
  await client.renewToken('new-token');
});
client.on('TokenExpired', () => undefined);
client.on('RemoteInvitationReceived', (invitation: RemoteInvitation) => {
  console.log(invitation.callerId, invitation.content, invitation.channelId, invitation.state);
  invitation.on('RemoteInvitationCanceled', (content: string) => console.log(content));
  invitation.on('RemoteInvitationFailure', (reason) => console.log(reason === 'INVITATION_EXPIRE'));
  invitation.response = 'ok';
  invitation.accept();
});

async function run(): Promise<void> {
  await client.login({ uid: 'alice', token: undefined });
  await client.login({ uid: 'alice' });
  const text: RtmTextMessage = client.createMessage<RtmTextMessage>({ text: 'hi', messageType: 'TEXT' });
  const result = await client.sendMessageToPeer(text, 'bob');
  console.log(result.hasPeerReceived);
  await client.sendMessageToPeer({ rawMessage: new Uint8Array([1]), description: 'bin' }, 'bob');
  const online = await client.queryPeersOnlineStatus(['bob']);
  console.log(online.bob === true);
  await client.subscribePeersOnlineStatus(['bob']);
  await client.unsubscribePeersOnlineStatus(['bob']);
  const subscribed: string[] = await client.queryPeersBySubscriptionOption(AgoraRTM.PeerSubscriptionOption.ONLINE_STATUS);
  console.log(subscribed);

  await client.setLocalUserAttributes({ mood: 'happy' });
  await client.addOrUpdateLocalUserAttributes({ city: 'Oslo' });
  await client.deleteLocalUserAttributesByKeys(['city']);
  const attrs = await client.getUserAttributes('bob');
  const some = await client.getUserAttributesByKeys('bob', ['mood']);
  console.log(attrs.mood, some.mood);
  await client.clearLocalUserAttributes();

  const channel: RtmChannel = client.createChannel('room');
  channel.on('ChannelMessage', (message, memberId, props) => console.log(message, memberId, props.serverReceivedTs));
  channel.on('MemberJoined', (memberId: string) => console.log(memberId));
  channel.on('MemberLeft', (memberId) => console.log(memberId));
  channel.on('MemberCountUpdated', (count: number) => console.log(count + 1));
  channel.on('AttributesUpdated', (a) => console.log(a.topic?.value, a.topic?.lastUpdateUserId, a.topic?.lastUpdateTs));
  await channel.join();
  await channel.sendMessage({ text: 'hello room' });
  const members: string[] = await channel.getMembers();
  console.log(members, channel.channelId);
  const counts = await client.getChannelMemberCount(['room']);
  console.log(counts.room);
  await client.setChannelAttributes('room', { topic: 'rtm' }, { enableNotificationToChannelMembers: true });
  await client.addOrUpdateChannelAttributes('room', { topic: 'parley' });
  const ca = await client.getChannelAttributes('room');
  const cb = await client.getChannelAttributesByKeys('room', ['topic']);
  console.log(ca.topic?.value, cb.topic?.lastUpdateTs);
  await client.deleteChannelAttributesByKeys('room', ['topic'], { enableNotificationToChannelMembers: false });
  await client.clearChannelAttributes('room');
  await channel.leave();

  const invitation: LocalInvitation = client.createLocalInvitation('bob');
  invitation.content = 'call me';
  invitation.channelId = 'call-1';
  invitation.on('LocalInvitationAccepted', (response: string) => console.log(response));
  invitation.on('LocalInvitationFailure', (reason) => console.log(reason === AgoraRTM.LocalInvitationFailureReason.PEER_OFFLINE));
  invitation.send();
  invitation.cancel();
  console.log(invitation.state === AgoraRTM.LocalInvitationState.CANCELED, invitation.response, invitation.calleeId);

  client.updateConfig({ logFilter: AgoraRTM.LOG_FILTER_INFO });
  client.setParameters({ logFilter: AgoraRTM.LOG_FILTER_ERROR });
  client.off('TokenExpired', () => undefined);
  client.removeAllListeners();
  await client.logout();
  await legacy.logout();
}

run().catch((e: { code: number; name: string }) => console.log(e.code, e.name));
