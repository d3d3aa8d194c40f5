// A browser client, a Java SDK client and a Node.js client talk through one server, and across
// the nodes of a cluster: peer messages with acks both ways, a channel, an invitation each way.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APP, ServerProcess, harnessPage, launchBrowser, staticServer, until } from './support.mjs';
import { JavaPeer, RedisProcess, nodeSdk } from './peers.mjs';

describe('interop: browser, Java SDK and Node.js clients on one server', () => {
  let server;
  let site;
  let browser;
  let page;
  let java;
  let node;

  before(async (t) => {
    server = await new ServerProcess().start();
    site = await staticServer();
    browser = await launchBrowser(t);
    java = await new JavaPeer(`127.0.0.1:${server.port}`, APP, 'java-user').ready();
    node = nodeSdk().createInstance(APP, { endpoints: [server.wsUrl], logFilter: nodeSdk().LOG_FILTER_ERROR });
    await node.login({ uid: 'node-user' });
  });

  after(async () => {
    await node?.logout().catch(() => undefined);
    await java?.quit();
    await browser?.close();
    await site?.close();
    await server?.stop();
  });

  test('peer messages with acks: browser ↔ Java, Node ↔ Java, browser ↔ Node', async (t) => {
    if (!browser) return t.skip();
    page = await harnessPage(browser, site, server.wsUrl);
    const run = (fn, arg) => page.evaluate(fn, arg);
    await run(() => { T.make('w'); return T.clients.w.login({ uid: 'web-user' }); });

    assert.deepEqual(await run(() => T.clients.w.sendMessageToPeer({ text: 'hello java' }, 'java-user')),
      { hasPeerReceived: true });
    await java.saw('PEER web-user hello java');

    java.command('send web-user hello web');
    await java.saw('send web-user OK'); // OK only once the browser acked
    await page.waitForFunction(() => T.seen('w', 'MessageFromPeer', (m, from) => m.text === 'hello web' && from === 'java-user')
      .length === 1);

    const fromNode = [];
    node.on('MessageFromPeer', (m, from) => fromNode.push(`${from}:${m.text}`));
    assert.deepEqual(await node.sendMessageToPeer({ text: 'hello java from node' }, 'java-user'), { hasPeerReceived: true });
    await java.saw('PEER node-user hello java from node');
    java.command('send node-user hello node');
    await java.saw('send node-user OK');
    assert.deepEqual(await node.sendMessageToPeer({ text: 'hello web from node' }, 'web-user'), { hasPeerReceived: true });
    assert.deepEqual(await run(() => T.clients.w.sendMessageToPeer({ text: 'hello node' }, 'node-user')),
      { hasPeerReceived: true });
    await until(() => fromNode.includes('java-user:hello node') && fromNode.includes('web-user:hello node'));
  });

  test('one channel: members of all three SDKs see each other and each other\'s messages', async (t) => {
    if (!browser) return t.skip();
    const run = (fn, arg) => page.evaluate(fn, arg);
    java.command('join interop');
    await java.saw('join interop OK');
    await run(() => { T.channel('w', 'interop'); return T.channels['w:interop'].join(); });
    await java.saw('JOINED interop web-user');
    const nodeChannel = node.createChannel('interop');
    const nodeSeen = [];
    nodeChannel.on('ChannelMessage', (m, from) => nodeSeen.push(`${from}:${m.text}`));
    await nodeChannel.join();
    await java.saw('JOINED interop node-user');

    await run(() => T.channels['w:interop'].sendMessage({ text: 'web says hi' }));
    await java.saw('CHANNEL interop web-user web says hi');
    java.command('channel interop java says hi');
    await page.waitForFunction(() => T.seen('w:interop', 'ChannelMessage', (m, from) => from === 'java-user').length === 1);
    await until(() => nodeSeen.includes('java-user:java says hi') && nodeSeen.includes('web-user:web says hi'));
    await nodeChannel.leave();
    await java.saw('LEFT interop node-user');
  });

  test('an invitation each way: browser → Java accepted, Java → browser accepted', async (t) => {
    if (!browser) return t.skip();
    const run = (fn, arg) => page.evaluate(fn, arg);
    java.command('accept-next yes-from-java');
    await run(() => T.invite('w', 'java-user', 'call java'));
    await java.saw('REMOTE_INVITATION web-user call java');
    await page.waitForFunction(() => T.seen('w', 'LocalInvitationAccepted').length === 1);
    assert.deepEqual(await run(() => T.seen('w', 'LocalInvitationAccepted')[0].args), ['yes-from-java']);
    await java.saw('REMOTE_INVITATION ACCEPTED');

    java.command('invite web-user call web');
    await page.waitForFunction(() => T.seen('w', 'RemoteInvitationReceived', (i) => i.callerId === 'java-user').length === 1);
    await java.saw('INVITATION RECEIVED_BY_PEER web-user');
    await run(() => { const inv = T.remoteInvitations['w:java-user']; inv.response = 'yes-from-web'; inv.accept(); });
    await java.saw('INVITATION ACCEPTED yes-from-web');
    await page.waitForFunction(() => T.seen('w', 'RemoteInvitationAccepted').length === 1);
  });
});

describe('interop in cluster mode: a browser on one node, a Java client on another', () => {
  let redis;
  let node1;
  let node2;
  let site;
  let browser;
  let java;

  before(async (t) => {
    redis = await new RedisProcess().start();
    node1 = await new ServerProcess(['--redis', redis.uri, '--node-id', 'web-node']).start();
    node2 = await new ServerProcess(['--redis', redis.uri, '--node-id', 'java-node']).start();
    site = await staticServer();
    browser = await launchBrowser(t);
    java = await new JavaPeer(`127.0.0.1:${node2.port}`, APP, 'java-c').ready();
  });

  after(async () => {
    await java?.quit();
    await browser?.close();
    await site?.close();
    await node1?.stop();
    await node2?.stop();
    await redis?.stop();
  });

  test('peer messages with acks both ways and a channel message each way, across nodes', async (t) => {
    if (!browser) return t.skip();
    const page = await harnessPage(browser, site, node1.wsUrl);
    const run = (fn, arg) => page.evaluate(fn, arg);
    await run(() => { T.make('w'); return T.clients.w.login({ uid: 'web-c' }); });

    assert.deepEqual(await run(() => T.clients.w.sendMessageToPeer({ text: 'across nodes' }, 'java-c')),
      { hasPeerReceived: true });
    await java.saw('PEER web-c across nodes');
    java.command('send web-c and back');
    await java.saw('send web-c OK');
    await page.waitForFunction(() => T.seen('w', 'MessageFromPeer', (m) => m.text === 'and back').length === 1);

    java.command('join cluster-room');
    await java.saw('join cluster-room OK');
    await run(() => { T.channel('w', 'cluster-room'); return T.channels['w:cluster-room'].join(); });
    await java.saw('JOINED cluster-room web-c');
    await run(() => T.channels['w:cluster-room'].sendMessage({ text: 'from node 1' }));
    await java.saw('CHANNEL cluster-room web-c from node 1');
    java.command('channel cluster-room from node 2');
    await page.waitForFunction(() => T.seen('w:cluster-room', 'ChannelMessage', (m) => m.text === 'from node 2').length === 1);
  });
});
